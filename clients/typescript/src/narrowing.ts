/**
 * What a TypeScript team needs from the types openapi-typescript generates from
 * openapi/sectra.yaml: a plain `switch` on the known tag of each discriminated union
 * (`Invocation.action`, the create input's `type`, the result content's `type`) narrows to the
 * variant's own fields, under `tsc --strict`.
 *
 * The published unions list the known variants only (the spec names each union's catch-all in
 * `x-sectra-unknown-tag` for readers), so narrowing works; Sectra may still add tags, so every
 * `switch` keeps a `default` for tags this code does not know.
 */
import type { components } from "../build/sectra";

type Schemas = components["schemas"];
export type Invocation = Schemas["Invocation"];
export type CreateInput = Schemas["CreateInput"];
export type ResultContent = Schemas["ResultContent"];
export type PrimitiveItem = Schemas["PrimitiveItem"];

/** One line about an invocation, read from the fields of its `action` variant. */
export function describeInvocation(invocation: Invocation): string {
  switch (invocation.action) {
    case "create":
      return `create on ${invocation.slideId}: ${describeInput(invocation.input)}`;
    case "modify":
      return `modify result ${invocation.input.id} (version ${invocation.input.versionId})`;
    case "cancel":
      return `cancel ${invocation.cancellationToken ?? "(no token)"}`;
    case "delete":
      return `delete result ${invocation.input.id}: ${invocation.input.displayResult ?? ""}`;
    case "newImageFiles": {
      const info = invocation.imageInfo;
      return `new slide ${info.id} at ${info.micronsPerPixel} µm/pixel`;
    }
    default:
      return "an action this client does not know";
  }
}

/** What a `create` runs on, read from the fields of its `type` variant. */
export function describeInput(input: CreateInput): string {
  switch (input.type) {
    case "wholeSlide":
      return "the whole slide";
    case "taggedPolygon": {
      const { polygon, tags, tagIndex } = input.content;
      return `a polygon of ${polygon.points.length} points, tag ${tags?.[tagIndex ?? 0] ?? "none"}`;
    }
    case "multiArea":
      return `${input.content.polygons.length} areas`;
    default:
      return "an input of a kind this client does not know";
  }
}

/** How many shapes or patches a result shows, read from the fields of its `type` variant. */
export function countShown(content: ResultContent): number {
  switch (content.type) {
    case "primitive": {
      // Sectra's own examples send one object where the spec prefers a list.
      const items: PrimitiveItem[] = Array.isArray(content.content)
        ? content.content
        : [content.content];
      return items.reduce(
        (total, item) => total + (item.polygons?.length ?? 0) + (item.labels?.length ?? 0),
        0,
      );
    }
    case "patchCollection":
      return content.content.patches.length + (content.content.actions?.length ?? 0);
    default:
      return 0;
  }
}
