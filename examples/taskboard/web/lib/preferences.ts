export type Theme = "light" | "dark";

export function saveTheme(theme: Theme): void {
  localStorage.setItem("taskboard.theme", theme);
}

export function loadSidebarState(): boolean {
  return sessionStorage.getItem("sidebarCollapsed") === "true";
}
