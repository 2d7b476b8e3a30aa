import { listOrders } from "@/lib/orders";

export default async function OrdersPage() {
  const orders = await listOrders();
  return (
    <ul>
      {orders.map((order) => (
        <li key={order.id}>{order.status}</li>
      ))}
    </ul>
  );
}
