import { http } from "../lib/http";

test("unknown paths 404", async () => {
  // ok: openapi/unknown-client-call
  await expect(fetch("/api/does-not-exist")).resolves.toHaveProperty("status", 404);
  // ok: openapi/unknown-client-call
  await expect(http.get("/nope")).rejects.toThrow();
});
