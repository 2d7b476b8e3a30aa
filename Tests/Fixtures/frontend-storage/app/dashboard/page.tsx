"use client";

import { useEffect, useState } from "react";

type Me = { name: string; token: string };

export default function DashboardPage() {
  const [me, setMe] = useState<Me | null>(null);

  useEffect(() => {
    // ok: auth/token-in-web-storage
    fetch("/api/me", { credentials: "include" })
      .then((res) => res.json())
      .then((body: Me) => {
        setMe(body);
        // expect: auth/token-in-web-storage
        window.localStorage.setItem("me", body.token);
        // ok: auth/token-in-web-storage
        window.localStorage.setItem("lastDashboardVisit", new Date().toISOString());
      });
  }, []);

  return <main>{me ? `Hello ${me.name}` : "Loading"}</main>;
}
