import axios from "axios";

/** The API client every component uses; Next.js rewrites /api to the Flask back end. */
export const http = axios.create({ baseURL: "/api", withCredentials: true });

export default http;
