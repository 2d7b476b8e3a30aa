"use client";

import { useEffect, useState } from "react";
import { STORAGE_KEYS, THEME_KEY } from "@/lib/constants";

type Props = { authorFilter: string; accessibilityMode: boolean };

export function Settings({ authorFilter, accessibilityMode }: Props) {
  const [theme, setTheme] = useState("light");
  const [open, setOpen] = useState(true);

  useEffect(() => {
    // ok: auth/token-in-web-storage
    localStorage.setItem(THEME_KEY, theme);
    // ok: auth/token-in-web-storage
    localStorage.setItem("sidebar", open ? "open" : "closed");
    // ok: auth/token-in-web-storage
    localStorage[STORAGE_KEYS.locale] = navigator.language;
    // ok: auth/token-in-web-storage
    window.localStorage.accessibilityMode = String(accessibilityMode);
    // ok: auth/token-in-web-storage
    sessionStorage.setItem("authorFilter", authorFilter);
    // ok: auth/token-in-web-storage
    sessionStorage.sessionTheme = theme;
  }, [theme, open, authorFilter, accessibilityMode]);

  // The session token lives in an HttpOnly cookie; never localStorage.setItem("token", token).
  return (
    <aside>
      <button onClick={() => setTheme(theme === "light" ? "dark" : "light")}>Theme</button>
      {/* ok: auth/token-in-web-storage */}
      <button onClick={() => sessionStorage.setItem("sidebar", "closed")}>Hide</button>
      <button onClick={() => setOpen(!open)}>Sidebar</button>
    </aside>
  );
}
