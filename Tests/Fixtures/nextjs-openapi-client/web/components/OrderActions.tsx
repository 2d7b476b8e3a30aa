import { http } from "@/lib/http";
import client from "../lib/http";

export function OrderActions({ orderId }: { orderId: number }) {
  const refresh = async () => {
    // ok: openapi/unknown-client-call
    const order = await http.get(`/orders/${orderId}`);
    // ok: openapi/unknown-client-call
    await client.put(`/orders/${orderId}`, order.data);
    // expect: openapi/unknown-client-call
    await http.get("/invoices", { params: { orderId } });
    // expect: openapi/unknown-client-call
    await client.patch(`/orders/${orderId}`, { status: "paid" });
    // ok: openapi/unknown-client-call
    await fetch("/api/revalidate", { method: "POST", body: JSON.stringify({ path: "/orders" }) });
    // ok: openapi/unknown-client-call
    await fetch(`/_next/data/build-id/orders/${orderId}.json`);
    // ok: openapi/unknown-client-call
    await fetch("/locales/en.json");
  };
  return <button onClick={refresh}>Refresh</button>;
}
