import axios from "axios";

export const api = axios.create({ baseURL: process.env.NEXT_PUBLIC_API_URL });

api.interceptors.request.use((config) => {
  // expect: auth/token-in-web-storage
  const jwt = localStorage.getItem("jwt");
  if (jwt) {
    config.headers.Authorization = `Bearer ${jwt}`;
  }
  return config;
});

api.interceptors.response.use(undefined, async (error) => {
  if (error.response?.status === 401) {
    const { data } = await axios.post("/api/auth/refresh", {
      // ok: auth/token-in-web-storage
      refresh_token: localStorage.getItem("refresh_token"),
    });
    // expect: auth/token-in-web-storage
    localStorage.setItem("jwt", data.access_token);
  }
  return Promise.reject(error);
});

export async function listProjects(workspaceId: string) {
  const res = await fetch(`/api/workspaces/${workspaceId}/projects`, {
    headers: {
      // expect: auth/token-in-web-storage
      Authorization: "Bearer " + window.sessionStorage.apiKey,
    },
  });
  return res.json();
}
