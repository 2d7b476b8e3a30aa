import { getToken, logout } from "@/lib/auth";

describe("auth storage", () => {
  beforeEach(() => {
    // ok: auth/token-in-web-storage
    localStorage.setItem("acme.at", "test-token");
    // ok: auth/token-in-web-storage
    window.sessionStorage.accessToken = "abc";
  });

  it("reads the token", () => {
    expect(getToken()).toBe("test-token");
  });

  it("clears the token on logout", () => {
    logout();
    // ok: auth/token-in-web-storage
    expect(localStorage.getItem("acme.at")).toBeNull();
  });
});
