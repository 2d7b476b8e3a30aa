import TSAnalysis
import Testing
import TreeSitter

private func extract(_ code: String, as language: Language = .typescript) throws -> ScriptFile {
  let tree = try #require(Parser().parse(SourceText(code), as: language))
  return ScriptExtractor.extract(tree)
}

/// How request URLs and base URLs are read: pieces, constants, axios instances, imports.
@Suite struct RequestExtractionTests {
  @Test func urlPiecesOfLiteralsTemplatesAndConcatenations() throws {
    let code = """
      const API = "/api";
      const ROUTES = { orders: "/api/orders" };
      const ORDER = `${API}/orders`;
      fetch("/api/health");
      fetch(`${API}/orders/${order.id}?expand=${fields.join(",")}`);
      fetch(API + "/orders/" + id);
      fetch(ROUTES.orders);
      fetch(`${ROUTES.orders}/${id}`);
      fetch(`${ORDER}/${id}/items`);
      fetch(`${process.env.NEXT_PUBLIC_API_URL}/orders`);
      fetch(url);
      fetch(buildUrl("/orders"));
      """
    let file = try extract(code)
    #expect(
      file.requests.map(\.urlPieces) == [
        [.text("/api/health")],
        [
          .substitution(name: "API", value: "/api"), .text("/orders/"), .substitution(name: "id", value: nil),
          .text("?expand="), .substitution(name: nil, value: nil),
        ],
        [
          .substitution(name: "API", value: "/api"), .text("/orders/"), .substitution(name: "id", value: nil),
        ],
        [.substitution(name: "orders", value: "/api/orders")],
        [
          .substitution(name: "orders", value: "/api/orders"), .text("/"),
          .substitution(name: "id", value: nil),
        ],
        [
          .substitution(name: "API", value: "/api"), .text("/orders"), .text("/"),
          .substitution(name: "id", value: nil), .text("/items"),
        ],
        [.substitution(name: "NEXT_PUBLIC_API_URL", value: nil), .text("/orders")],
        [.substitution(name: "url", value: nil)],
        [.substitution(name: nil, value: nil)],
      ])
    #expect(file.requests.allSatisfy { $0.base == RequestBase.none })
  }

  @Test func axiosInstancesCarryTheirBaseURL() throws {
    let code = """
      import axios from "axios";
      import client from "axios";
      const api = axios.create({ baseURL: `${process.env.NEXT_PUBLIC_API_URL}/v1`, timeout: 5000 });
      const plain = axios.create();
      const later = axios.create({ baseURL: "/old" });
      later.defaults.baseURL = "/new";
      axios.defaults.baseURL = "/global";
      api.get("/orders");
      api({ url: `/orders/${id}`, method: "put" });
      plain.post("/login");
      later.get("/x");
      axios.get("/y");
      client.delete("/z");
      function shadow(api: Api) { api.get("/not-axios"); }
      """
    let file = try extract(code)
    #expect(file.requests.map(\.method) == ["GET", "PUT", "POST", "GET", "GET", "DELETE"])
    #expect(
      file.requests.map(\.base) == [
        .url([.substitution(name: "NEXT_PUBLIC_API_URL", value: nil), .text("/v1")]),
        .url([.substitution(name: "NEXT_PUBLIC_API_URL", value: nil), .text("/v1")]),
        .none, .url([.text("/new")]), .url([.text("/global")]), .url([.text("/global")]),
      ])
    #expect(file.requests[1].urlPieces == [.text("/orders/"), .substitution(name: "id", value: nil)])
    #expect(file.axiosInstances.isEmpty)
  }

  @Test func importedNamesAreRequestsThroughAnotherModule() throws {
    let code = """
      import { api, other as http } from "@/lib/api";
      import type { Client } from "./types";
      import client from "../client";
      import * as everything from "./all";
      import { toast } from "sonner";
      import { queryClient } from "@tanstack/react-query";
      import { get } from "./http";
      api.get("/orders");
      http.post("/login", body);
      client.request({ url: "/me" });
      everything.get("/ignored");
      map.get("key");
      toast("saved");
      queryClient.get("orders");
      get("/not-a-method-call");
      client({ url: "/not-a-method-call" });
      """
    let file = try extract(code)
    #expect(
      file.requests.map(\.base) == [
        .imported(module: "@/lib/api", name: "api"), .imported(module: "@/lib/api", name: "other"),
        .imported(module: "../client", name: "default"),
      ])
    #expect(file.requests.map(\.method) == ["GET", "POST", "GET"])
    #expect(file.requests[2].urlPieces == [.text("/me")])
  }

  @Test func exportedAxiosInstances() throws {
    let code = """
      import axios from "axios";
      const BASE = process.env.NEXT_PUBLIC_API_URL ?? "http://localhost:5000";
      export const api = axios.create({ baseURL: BASE });
      const admin = axios.create({ baseURL: "/admin" });
      const bare = axios.create();
      const notExported = axios.create({ baseURL: "/hidden" });
      export { admin as adminApi, bare };
      export default axios.create({ baseURL: "/default" });
      """
    let file = try extract(code)
    #expect(
      file.axiosInstances == [
        AxiosInstance(exportName: "default", baseURL: [.text("/default")]),
        AxiosInstance(exportName: "api", baseURL: [.substitution(name: "BASE", value: nil)]),
        AxiosInstance(exportName: "adminApi", baseURL: [.text("/admin")]),
        AxiosInstance(exportName: "bare", baseURL: nil),
      ])
    let byName = try extract(
      "import axios from 'axios';\nconst http = axios.create({ baseURL: '/v1' });\nexport default http;\n",
      as: .tsx)
    #expect(byName.axiosInstances == [AxiosInstance(exportName: "default", baseURL: [.text("/v1")])])
  }
}
