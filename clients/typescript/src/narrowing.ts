/**
 * What a TypeScript team needs from the types openapi-typescript generates from
 * openapi/sectra.yaml: narrowing on the known tag of each discriminated union
 * (`Invocation.action`, the create input's `type`, the result content's `type`) gives the
 * variant's own fields, under `tsc --strict`.
 *
 * Unions are open: Sectra may add tags, and a union may have a catch-all variant whose tag is
 * any string. A `switch` on the tag cannot narrow such a union (the catch-all matches every
 * case), so the narrowing goes through `hasTag`, which works with and without a catch-all, and
 * every function keeps a fallback for tags it does not know.
 */
import type { components } from "../build/sectra";

type Schemas = components["schemas"];
export type Invocation = Schemas["Invocation"];
export type CreateInput = Schemas["CreateInput"];
export type ResultContent = Schemas["ResultContent"];

/** Whether `value[key]` is `tag`; narrows `value` to the union's variants with that tag. */
export function hasTag<U, K extends keyof U, T extends string>(
  value: U,
  key: K,
  tag: T,
): value is Extract<U, Record<K, T>> {
  return value[key] === tag;
}

/** One line about an invocation, read from the fields of its `action` variant. */
export function describeInvocation(invocation: Invocation): string {
  if (hasTag(invocation, "action", "create")) {
    return `create on ${invocation.slideId}: ${describeInput(invocation.input)}`;
  }
  if (hasTag(invocation, "action", "modify")) {
    return `modify result ${invocation.input.id} (version ${invocation.input.versionId})`;
  }
  if (hasTag(invocation, "action", "cancel")) {
    return `cancel ${invocation.cancellationToken ?? "(no token)"}`;
  }
  if (hasTag(invocation, "action", "delete")) {
    return `delete result ${invocation.input.id}: ${invocation.input.displayResult}`;
  }
  if (hasTag(invocation, "action", "newImageFiles")) {
    const info = invocation.imageInfo;
    return `new slide ${info.id} at ${info.micronsPerPixel} µm/pixel`;
  }
  return "an action this client does not know";
}

/** What a `create` runs on, read from the fields of its `type` variant. */
export function describeInput(input: CreateInput): string {
  if (hasTag(input, "type", "wholeSlide")) {
    return "the whole slide";
  }
  if (hasTag(input, "type", "taggedPolygon")) {
    const { polygon, tags, tagIndex } = input.content;
    return `a polygon of ${polygon.points.length} points, tag ${tags?.[tagIndex ?? 0] ?? "none"}`;
  }
  if (hasTag(input, "type", "multiArea")) {
    return `${input.content.polygons.length} areas`;
  }
  return "an input of a kind this client does not know";
}

/** How many shapes or patches a result shows, read from the fields of its `type` variant. */
export function countShown(content: ResultContent): number {
  if (hasTag(content, "type", "primitive")) {
    return content.content.reduce(
      (total, item) => total + (item.polygons?.length ?? 0) + (item.labels?.length ?? 0),
      0,
    );
  }
  if (hasTag(content, "type", "patchCollection")) {
    return content.content.patches.length + (content.content.actions?.length ?? 0);
  }
  return 0;
}
