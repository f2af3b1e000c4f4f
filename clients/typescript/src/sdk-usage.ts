/**
 * The fetch client @hey-api/openapi-ts generates from openapi/sectra.yaml, used as a TypeScript
 * app would: a configured client, a typed call, and narrowing on its own `Invocation` type.
 * Compiled under `tsc --strict`, never run.
 */
import { createClient } from "../build/sdk/client";
import { getSlideInfo } from "../build/sdk/sdk.gen";
import type { Invocation } from "../build/sdk/types.gen";

/** The slide's resolution, through a client built from an invocation's `callbackInfo`. */
export async function micronsPerPixel(invocation: Invocation): Promise<number | undefined> {
  const client = createClient({
    baseUrl: invocation.callbackInfo.url,
    auth: () => invocation.callbackInfo.token,
  });
  const { data } = await getSlideInfo({ client, path: { slideId: invocation.slideId } });
  return data?.micronsPerPixel;
}

/** The result an invocation carries, when its action carries one. */
export function carriedResultId(invocation: Invocation): number | undefined {
  switch (invocation.action) {
    case "modify":
    case "delete":
      return invocation.input.id ?? undefined;
    default:
      return undefined;
  }
}
