export const TOKEN_KEY = "acme.at";
export const REFRESH_KEY = "acme.rt";
export const THEME_KEY = "acme.theme";

export const STORAGE_KEYS = {
  accessToken: "acme.at",
  locale: "acme.locale",
} as const;
