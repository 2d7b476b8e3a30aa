// Kept for the embedded widget, which still reads the token from the page.
const store = typeof window !== "undefined" ? window.localStorage : undefined;

export function saveWidgetSession(session) {
  // expect: auth/token-in-web-storage
  store.setItem("widget-auth", session.key);
  // expect: auth/token-in-web-storage
  self.sessionStorage["x-api-key"] = session.apiKey;
}
