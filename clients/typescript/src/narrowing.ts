/**
 * What a TypeScript team needs from the types openapi-typescript generates from
 * openapi/sectra.yaml: narrowing on the known tag of each discriminated union gives the
 * variant's own fields, under `tsc --strict`.
 *
 * Unions are open (Sectra may add tags), so every switch keeps a default branch for tags it
 * does not know instead of asserting exhaustiveness.
 */
import type { components } from "../build/sectra";

type Schemas = components["schemas"];
export type Invocation = Schemas["Invocation"];
export type CreateInput = Schemas["CreateInput"];
export type ResultContent = Schemas["ResultContent"];

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
      return `delete result ${invocation.input.id}: ${invocation.input.displayResult}`;
    case "newImageFiles":
      return `new slide ${invocation.imageInfo.id} at ${invocation.imageInfo.micronsPerPixel} µm/pixel`;
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
      const tag = input.content.tagIndex ?? 0;
      return `a polygon of ${input.content.polygon.points.length} points, tag ${input.content.tags?.[tag] ?? "none"}`;
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
    case "primitive":
      return content.content.reduce(
        (total, item) => total + (item.polygons?.length ?? 0) + (item.labels?.length ?? 0),
        0,
      );
    case "patchCollection":
      return content.content.patches.length + (content.content.actions?.length ?? 0);
    default:
      return 0;
  }
}
