// @hey-api/openapi-ts configuration: a fetch client for openapi/sectra.yaml, written to
// build/sdk (not committed; `make ts-clients` regenerates and compiles it).
export default {
  input: "../../openapi/sectra.yaml",
  output: { path: "build/sdk" },
  plugins: ["@hey-api/client-fetch", "@hey-api/typescript", "@hey-api/sdk"],
};
