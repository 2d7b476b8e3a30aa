import { REFRESH_KEY, STORAGE_KEYS, TOKEN_KEY } from "./constants";

const SESSION_KEY = "acme.session_id";

export type LoginResponse = { access_token: string; refresh_token: string; user: { id: string; name: string } };

export async function login(email: string, password: string, remember: boolean): Promise<LoginResponse> {
  const res = await fetch("/api/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error("login failed");
  const data: LoginResponse = await res.json();
  const storage = remember ? window.localStorage : window.sessionStorage;
  // expect: auth/token-in-web-storage
  storage.setItem(TOKEN_KEY, data.access_token);
  // expect: auth/token-in-web-storage
  storage[REFRESH_KEY] = data.refresh_token;
  // ok: auth/token-in-web-storage
  localStorage.setItem("acme.user", JSON.stringify(data.user));
  return data;
}

export function rememberSession(id: string) {
  // expect: auth/token-in-web-storage
  sessionStorage.setItem(SESSION_KEY, id);
}

export function cacheToken(accessToken: string) {
  // expect: auth/token-in-web-storage
  localStorage[STORAGE_KEYS.accessToken] = accessToken;
}

export function getToken(): string | null {
  if (typeof window === "undefined") return null;
  // expect: auth/token-in-web-storage
  return window.localStorage.getItem(TOKEN_KEY) ?? sessionStorage.getItem(TOKEN_KEY);
}

export function isLoggedIn(): boolean {
  // ok: auth/token-in-web-storage
  return localStorage.getItem(TOKEN_KEY) !== null;
}

export function logout() {
  // ok: auth/token-in-web-storage
  localStorage.removeItem(TOKEN_KEY);
  // ok: auth/token-in-web-storage
  sessionStorage.removeItem(TOKEN_KEY);
  // ok: auth/token-in-web-storage
  localStorage.setItem(REFRESH_KEY, "");
}

export async function authorizedFetch(path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${getToken()}`);
  return fetch(path, { ...init, headers });
}
