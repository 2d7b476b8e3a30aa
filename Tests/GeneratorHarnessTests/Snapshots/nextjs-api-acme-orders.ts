/**
 * The one client of the back end's HTTP API (openapi.yaml).
 *
 * Every request goes to this site's own origin, which next.config.ts proxies to the back end under
 * `/api/`, with `credentials: "include"`: the JWT cookies are httpOnly and travel with the request,
 * and no token is ever visible to this code. A state-changing request (POST, PATCH, DELETE) sends
 * the readable CSRF cookie's value in `X-CSRF-TOKEN`, as Flask-JWT-Extended requires.
 */
import type * as types from "./types";

/** An error answer of the API, `{"code", "message", "errors"?}`, with its HTTP status. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** Messages per field of the body, for `422 validation_error`. */
  readonly fieldErrors: Readonly<Record<string, string[]>>;

  constructor(status: number, code: string, message: string, fieldErrors: Record<string, string[]> = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
}

/** What to tell the user about a failed request. */
export function errorMessage(error: unknown): string {
  return error instanceof Error && error.message ? error.message : "Something went wrong. Try again.";
}

type CsrfCookie = "csrf_access_token" | "csrf_refresh_token";

/** The value of one of the two readable CSRF cookies, or "" when it is not set. */
function readCookie(name: CsrfCookie): string {
  if (typeof document === "undefined") return "";
  const prefix = `${name}=`;
  for (const part of document.cookie.split(";")) {
    const cookie = part.trim();
    if (cookie.startsWith(prefix)) return cookie.slice(prefix.length);
  }
  return "";
}

/** The CSRF header of a state-changing request. */
function csrfHeaders(cookie: CsrfCookie = "csrf_access_token"): Record<string, string> {
  const token = readCookie(cookie);
  return token ? { "X-CSRF-TOKEN": token } : {};
}

/** The headers of a state-changing request with a JSON body. */
function jsonHeaders(): Record<string, string> {
  return { "Content-Type": "application/json", ...csrfHeaders() };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fieldErrorsOf(value: unknown): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  if (!isObject(value)) return errors;
  for (const [field, messages] of Object.entries(value)) {
    if (Array.isArray(messages)) {
      errors[field] = messages.filter((message): message is string => typeof message === "string");
    } else if (typeof messages === "string") {
      errors[field] = [messages];
    }
  }
  return errors;
}

/** The error a failed answer stands for, read from its JSON body when it has one. */
async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const fields = isObject(body) ? body : {};
  const code = typeof fields.code === "string" ? fields.code : `http_${response.status}`;
  const message =
    typeof fields.message === "string" ? fields.message : `The request failed (${response.status}).`;
  return new ApiError(response.status, code, message, fieldErrorsOf(fields.errors));
}

async function readJson<T>(response: Response): Promise<T> {
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as T;
}

async function expectNoContent(response: Response): Promise<void> {
  if (!response.ok) throw await toApiError(response);
}

/** `POST /api/auth/refresh` with the refresh cookie: a new access cookie. */
function refreshRequest(): Promise<Response> {
  return fetch("/api/auth/refresh", {
    method: "POST",
    credentials: "include",
    headers: csrfHeaders("csrf_refresh_token"),
  });
}

let renewal: Promise<boolean> | null = null;

/** Renews the access cookie once for all the requests that found it expired at the same time. */
function renewAccessCookie(): Promise<boolean> {
  if (!renewal) {
    renewal = refreshRequest()
      .then(
        (response) => response.ok,
        () => false,
      )
      .finally(() => {
        renewal = null;
      });
  }
  return renewal;
}

/** Sends a request; when the access cookie has expired (401), renews it and sends it once more. */
async function withRenewal(send: () => Promise<Response>): Promise<Response> {
  const response = await send();
  if (response.status !== 401) return response;
  return (await renewAccessCookie()) ? send() : response;
}

// Authentication

/** `POST /api/auth/register`: a new user and workspace; the answer signs them in. */
export async function register(body: types.RegisterRequest): Promise<types.Session> {
  return readJson<types.Session>(
    await fetch("/api/auth/register", {
      method: "POST",
      credentials: "include",
      headers: jsonHeaders(),
      body: JSON.stringify(body),
    }),
  );
}

/** `POST /api/auth/login`: signs in; the answer sets the session cookies. */
export async function login(body: types.LoginRequest): Promise<types.Session> {
  return readJson<types.Session>(
    await fetch("/api/auth/login", {
      method: "POST",
      credentials: "include",
      headers: jsonHeaders(),
      body: JSON.stringify(body),
    }),
  );
}

/** `POST /api/auth/logout`: clears the session cookies. */
export async function logout(): Promise<void> {
  return expectNoContent(
    await fetch("/api/auth/logout", {
      method: "POST",
      credentials: "include",
      headers: csrfHeaders(),
    }),
  );
}

/** `POST /api/auth/refresh`: a new access cookie from the refresh cookie. */
export async function refreshSession(): Promise<types.Session> {
  return readJson<types.Session>(await refreshRequest());
}

/** `GET /api/auth/me`: the signed-in user, their workspace and role. */
export async function currentSession(): Promise<types.Session> {
  return readJson<types.Session>(
    await withRenewal(() => fetch("/api/auth/me", { credentials: "include" })),
  );
}

/** `POST /api/auth/forgot-password`: mails a reset link when the address is known. */
export async function forgotPassword(body: { email: string }): Promise<types.MessageResponse> {
  return readJson<types.MessageResponse>(
    await fetch("/api/auth/forgot-password", {
      method: "POST",
      credentials: "include",
      headers: jsonHeaders(),
      body: JSON.stringify(body),
    }),
  );
}

/** `POST /api/auth/reset-password`: a new password with the token of a reset link. */
export async function resetPassword(body: { token: string; password: string }): Promise<types.MessageResponse> {
  return readJson<types.MessageResponse>(
    await fetch("/api/auth/reset-password", {
      method: "POST",
      credentials: "include",
      headers: jsonHeaders(),
      body: JSON.stringify(body),
    }),
  );
}

/** `POST /api/auth/verify-email`: confirms the address with the token of a verification link. */
export async function verifyEmail(body: { token: string }): Promise<types.MessageResponse> {
  return readJson<types.MessageResponse>(
    await fetch("/api/auth/verify-email", {
      method: "POST",
      credentials: "include",
      headers: jsonHeaders(),
      body: JSON.stringify(body),
    }),
  );
}

// Members

/** `GET /api/members`: the members of the workspace, oldest first. */
export async function listMembers(): Promise<types.MemberList> {
  return readJson<types.MemberList>(
    await withRenewal(() => fetch("/api/members", { credentials: "include" })),
  );
}

/** `POST /api/invitations`: mails an invitation to the address; admin roles only. */
export async function createInvitation(body: types.InvitationCreate): Promise<types.Invitation> {
  return readJson<types.Invitation>(
    await withRenewal(() =>
      fetch("/api/invitations", {
        method: "POST",
        credentials: "include",
        headers: jsonHeaders(),
        body: JSON.stringify(body),
      }),
    ),
  );
}

/**
 * `POST /api/invitations/accept`: joins the workspace of the invitation whose link holds
 * `token`; the signed-in user must have the invited address. The answer switches the session (new
 * cookies) to that workspace.
 */
export async function acceptInvitation(token: string): Promise<types.Session> {
  return readJson<types.Session>(
    await withRenewal(() =>
      fetch("/api/invitations/accept", {
        method: "POST",
        credentials: "include",
        headers: jsonHeaders(),
        body: JSON.stringify({ token }),
      }),
    ),
  );
}

// Customer

/** `GET /api/customers`: one page of customers. */
export async function listCustomers(page = 1, perPage = 20): Promise<types.Page<types.Customer>> {
  const query = new URLSearchParams({ page: String(page), per_page: String(perPage) });
  return readJson<types.Page<types.Customer>>(
    await withRenewal(() => fetch(`/api/customers?${query.toString()}`, { credentials: "include" })),
  );
}

/** `GET /api/customers/{id}`. */
export async function getCustomer(id: number): Promise<types.Customer> {
  return readJson<types.Customer>(
    await withRenewal(() => fetch(`/api/customers/${id}`, { credentials: "include" })),
  );
}

/** `POST /api/customers`. */
export async function createCustomer(body: types.CustomerCreate): Promise<types.Customer> {
  return readJson<types.Customer>(
    await withRenewal(() =>
      fetch("/api/customers", {
        method: "POST",
        credentials: "include",
        headers: jsonHeaders(),
        body: JSON.stringify(body),
      }),
    ),
  );
}

/** `PATCH /api/customers/{id}`: changes the properties of `body`. */
export async function updateCustomer(id: number, body: types.CustomerUpdate): Promise<types.Customer> {
  return readJson<types.Customer>(
    await withRenewal(() =>
      fetch(`/api/customers/${id}`, {
        method: "PATCH",
        credentials: "include",
        headers: jsonHeaders(),
        body: JSON.stringify(body),
      }),
    ),
  );
}

/** `DELETE /api/customers/{id}`: admin roles only. */
export async function deleteCustomer(id: number): Promise<void> {
  return expectNoContent(
    await withRenewal(() =>
      fetch(`/api/customers/${id}`, {
        method: "DELETE",
        credentials: "include",
        headers: csrfHeaders(),
      }),
    ),
  );
}

// Product

/** `GET /api/products`: one page of products. */
export async function listProducts(page = 1, perPage = 20): Promise<types.Page<types.Product>> {
  const query = new URLSearchParams({ page: String(page), per_page: String(perPage) });
  return readJson<types.Page<types.Product>>(
    await withRenewal(() => fetch(`/api/products?${query.toString()}`, { credentials: "include" })),
  );
}

/** `GET /api/products/{id}`. */
export async function getProduct(id: number): Promise<types.Product> {
  return readJson<types.Product>(
    await withRenewal(() => fetch(`/api/products/${id}`, { credentials: "include" })),
  );
}

/** `POST /api/products`. */
export async function createProduct(body: types.ProductCreate): Promise<types.Product> {
  return readJson<types.Product>(
    await withRenewal(() =>
      fetch("/api/products", {
        method: "POST",
        credentials: "include",
        headers: jsonHeaders(),
        body: JSON.stringify(body),
      }),
    ),
  );
}

/** `PATCH /api/products/{id}`: changes the properties of `body`. */
export async function updateProduct(id: number, body: types.ProductUpdate): Promise<types.Product> {
  return readJson<types.Product>(
    await withRenewal(() =>
      fetch(`/api/products/${id}`, {
        method: "PATCH",
        credentials: "include",
        headers: jsonHeaders(),
        body: JSON.stringify(body),
      }),
    ),
  );
}

/** `DELETE /api/products/{id}`: admin roles only. */
export async function deleteProduct(id: number): Promise<void> {
  return expectNoContent(
    await withRenewal(() =>
      fetch(`/api/products/${id}`, {
        method: "DELETE",
        credentials: "include",
        headers: csrfHeaders(),
      }),
    ),
  );
}

// Order

/** `GET /api/orders`: one page of orders. */
export async function listOrders(page = 1, perPage = 20): Promise<types.Page<types.Order>> {
  const query = new URLSearchParams({ page: String(page), per_page: String(perPage) });
  return readJson<types.Page<types.Order>>(
    await withRenewal(() => fetch(`/api/orders?${query.toString()}`, { credentials: "include" })),
  );
}

/** `GET /api/orders/{id}`. */
export async function getOrder(id: number): Promise<types.Order> {
  return readJson<types.Order>(
    await withRenewal(() => fetch(`/api/orders/${id}`, { credentials: "include" })),
  );
}

/** `POST /api/orders`. */
export async function createOrder(body: types.OrderCreate): Promise<types.Order> {
  return readJson<types.Order>(
    await withRenewal(() =>
      fetch("/api/orders", {
        method: "POST",
        credentials: "include",
        headers: jsonHeaders(),
        body: JSON.stringify(body),
      }),
    ),
  );
}

/** `PATCH /api/orders/{id}`: changes the properties of `body`. */
export async function updateOrder(id: number, body: types.OrderUpdate): Promise<types.Order> {
  return readJson<types.Order>(
    await withRenewal(() =>
      fetch(`/api/orders/${id}`, {
        method: "PATCH",
        credentials: "include",
        headers: jsonHeaders(),
        body: JSON.stringify(body),
      }),
    ),
  );
}

/** `DELETE /api/orders/{id}`: admin roles only. */
export async function deleteOrder(id: number): Promise<void> {
  return expectNoContent(
    await withRenewal(() =>
      fetch(`/api/orders/${id}`, {
        method: "DELETE",
        credentials: "include",
        headers: csrfHeaders(),
      }),
    ),
  );
}

// OrderItem

/** `GET /api/order-items`: one page of order items. */
export async function listOrderItems(page = 1, perPage = 20): Promise<types.Page<types.OrderItem>> {
  const query = new URLSearchParams({ page: String(page), per_page: String(perPage) });
  return readJson<types.Page<types.OrderItem>>(
    await withRenewal(() => fetch(`/api/order-items?${query.toString()}`, { credentials: "include" })),
  );
}

/** `GET /api/order-items/{id}`. */
export async function getOrderItem(id: number): Promise<types.OrderItem> {
  return readJson<types.OrderItem>(
    await withRenewal(() => fetch(`/api/order-items/${id}`, { credentials: "include" })),
  );
}

/** `POST /api/order-items`. */
export async function createOrderItem(body: types.OrderItemCreate): Promise<types.OrderItem> {
  return readJson<types.OrderItem>(
    await withRenewal(() =>
      fetch("/api/order-items", {
        method: "POST",
        credentials: "include",
        headers: jsonHeaders(),
        body: JSON.stringify(body),
      }),
    ),
  );
}

/** `PATCH /api/order-items/{id}`: changes the properties of `body`. */
export async function updateOrderItem(id: number, body: types.OrderItemUpdate): Promise<types.OrderItem> {
  return readJson<types.OrderItem>(
    await withRenewal(() =>
      fetch(`/api/order-items/${id}`, {
        method: "PATCH",
        credentials: "include",
        headers: jsonHeaders(),
        body: JSON.stringify(body),
      }),
    ),
  );
}

/** `DELETE /api/order-items/{id}`: admin roles only. */
export async function deleteOrderItem(id: number): Promise<void> {
  return expectNoContent(
    await withRenewal(() =>
      fetch(`/api/order-items/${id}`, {
        method: "DELETE",
        credentials: "include",
        headers: csrfHeaders(),
      }),
    ),
  );
}
