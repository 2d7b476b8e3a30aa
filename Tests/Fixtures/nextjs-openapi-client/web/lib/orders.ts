import axios from "axios";

const API_BASE = "/api";

export type Order = { id: number; status: string };

export async function listOrders(status?: string): Promise<Order[]> {
  // ok: openapi/unknown-client-call
  const all = await fetch("/api/orders");
  if (!status) return all.json();
  // ok: openapi/unknown-client-call
  const filtered = await fetch(`${API_BASE}/orders?status=${encodeURIComponent(status)}`);
  return filtered.json();
}

export async function openOrders(): Promise<Order[]> {
  // expect: openapi/unknown-client-call
  const response = await fetch("/api/order?status=open");
  return response.json();
}

export async function getOrder(orderId: number): Promise<Order> {
  // ok: openapi/unknown-client-call
  const response = await fetch(`${API_BASE}/orders/${orderId}`);
  return response.json();
}

export async function listItems(orderId: number) {
  // ok: openapi/unknown-client-call
  const items = await fetch(`${API_BASE}/orders/${orderId}/items/`);
  // expect: openapi/unknown-client-call
  const legacy = await fetch(`${process.env.NEXT_PUBLIC_API_URL}/api/orders/${orderId}/lines`);
  return [await items.json(), await legacy.json()];
}

export async function createOrder(order: Omit<Order, "id">) {
  // ok: openapi/unknown-client-call
  return fetch(API_BASE + "/orders", { method: "POST", body: JSON.stringify(order) });
}

export async function archiveOrder(orderId: number) {
  // expect: openapi/unknown-client-call
  return fetch(`${API_BASE}/orders/${orderId}`, { method: "PATCH", body: '{"status":"archived"}' });
}

export async function deleteOrder(orderId: number) {
  // ok: openapi/unknown-client-call
  return axios.delete(`/api/orders/${orderId}`);
}

export async function health() {
  // ok: openapi/unknown-client-call
  const local = await fetch("http://localhost:5000/api/health");
  // expect: openapi/unknown-client-call
  const probe = await fetch("http://127.0.0.1:5000/api/healthz");
  return local.ok && probe.ok;
}

export async function customerPortal(customerId: string) {
  // ok: openapi/unknown-client-call
  return fetch(`https://api.stripe.com/v1/customers/${customerId}`);
}

export async function follow(next: string) {
  // ok: openapi/unknown-client-call
  return fetch(next);
}
