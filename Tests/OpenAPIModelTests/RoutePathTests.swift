import ArchCore
import Testing

@Suite struct RoutePathTests {
  /// Paths written in every notation, and their canonical form.
  static let canonical: [(path: String, expected: String)] = [
    ("/orders", "/orders"),
    ("/orders/", "/orders"),
    ("orders", "/orders"),
    ("//api//orders///", "/api/orders"),
    ("/", "/"),
    ("", "/"),
    ("/orders/<order_id>", "/orders/{}"),
    ("/orders/<int:order_id>/items/<uuid:item>", "/orders/{}/items/{}"),
    ("/files/<path:p>", "/files/{}"),
    ("/orders/{order_id}", "/orders/{}"),
    ("/files/{p:path}", "/files/{}"),
    ("/orders/${id}", "/orders/{}"),
    ("/orders/${encodeURIComponent(order.id)}/items", "/orders/{}/items"),
    ("/orders/${a/b}", "/orders/{}"),
    ("/orders/:orderId", "/orders/{}"),
    ("/blog/[slug]", "/blog/{}"),
    ("/docs/[...slug]", "/docs/{}"),
    ("/shop/[[...slug]]", "/shop/{}"),
    ("/reports/file-{id}.json", "/reports/file-{}.json"),
    ("/v<int:n>/x-${id}", "/v{}/x-{}"),
    ("/time:now", "/time:now"),
    ("/orders?page=2", "/orders"),
    ("/orders/#section", "/orders"),
    ("/orders/${id}?expand=${fields ? 'a' : 'b'}", "/orders/{}"),
    ("/search/${q ?? 'all'}", "/search/{}"),
  ]

  @Test(arguments: canonical)
  func pathReadsAsCanonical(_ row: (path: String, expected: String)) {
    #expect(RoutePath(row.path).description == row.expected, "\(row.path)")
    #expect(RoutePath(row.expected) == RoutePath(row.path), "the canonical form of \(row.path) reads back")
  }

  @Test func flaskOpenAPIAndClientParametersCompareByPosition() {
    let flask = RoutePath("/orders/<int:order_id>/")
    #expect(flask == RoutePath("/orders/{id}"))
    #expect(flask == RoutePath("/orders/${order.id}"))
    #expect(flask == RoutePath("/orders/:id"))
    #expect(flask != RoutePath("/orders/{id}/items"))
    #expect(flask != RoutePath("/orders/latest"))
    #expect(RoutePath("/Orders") != RoutePath("/orders"))
    #expect(flask.segments == [.literal("orders"), .parameter])
  }

  @Test func routeAcceptsConcretePaths() {
    let route = RoutePath("/orders/{order_id}/items")
    #expect(route.accepts(RoutePath("/orders/42/items")))
    #expect(route.accepts(RoutePath("/orders/${id}/items/")))
    #expect(!route.accepts(RoutePath("/orders/42")))
    #expect(!route.accepts(RoutePath("/orders/42/item")))
    // A client's parameter may hold any value, including a fixed segment of the route.
    #expect(RoutePath("/users/me").accepts(RoutePath("/users/${id}")))
    #expect(RoutePath("/reports/file-{id}.json").accepts(RoutePath("/reports/file-7.json")))
    #expect(!RoutePath("/reports/file-{id}.json").accepts(RoutePath("/reports/file-.json")))
  }

  @Test func embeddedParametersFillWithText() {
    #expect(RoutePath.literal("file-{}.json", accepts: "file-12.json"))
    #expect(RoutePath.literal("{}-{}", accepts: "a-b-c"))
    #expect(!RoutePath.literal("{}-{}", accepts: "abc"))
    #expect(RoutePath.literal("v{}", accepts: "v2"))
    #expect(!RoutePath.literal("v{}", accepts: "v"))
    #expect(!RoutePath.literal("orders", accepts: "order"))
  }

  @Test func joinAddsExactlyOneSlash() {
    #expect(RoutePath.join("/api", "/orders/") == "/api/orders/")
    #expect(RoutePath.join("/api/", "orders") == "/api/orders")
    #expect(RoutePath.join("api", "orders") == "/api/orders")
    #expect(RoutePath.join("", "/orders") == "/orders")
    #expect(RoutePath.join("/", "/orders") == "/orders")
    #expect(RoutePath.join("/api", "") == "/api")
    #expect(RoutePath.join("/api/", "/") == "/api")
    #expect(RoutePath.join("", "") == "/")
    #expect(RoutePath(RoutePath.join("/api/v1/", "/orders/<int:id>/")) == RoutePath("/api/v1/orders/{id}"))
    #expect(RoutePath("/api").appending(RoutePath("/orders/{id}")) == RoutePath("/api/orders/:id"))
  }

  @Test func splitSeparatesOriginPathQueryAndFragment() {
    #expect(
      RoutePath.split(url: "https://API.example.com:8443/v1/orders?page=2#top") == (
        "https://api.example.com:8443", "/v1/orders"
      ))
    #expect(RoutePath.split(url: "http://localhost:5000") == ("http://localhost:5000", "/"))
    #expect(RoutePath.split(url: "//cdn.example.com/x.js") == ("//cdn.example.com", "/x.js"))
    #expect(RoutePath.split(url: "/orders/1?x=1") == (nil, "/orders/1"))
    #expect(RoutePath.split(url: "orders") == (nil, "orders"))
    #expect(RoutePath.split(url: "/redirect?to=https://x.io/y") == (nil, "/redirect"))
    #expect(RoutePath.host(ofOrigin: "https://user:pw@API.example.com:8443") == "api.example.com")
    #expect(RoutePath.host(ofOrigin: "http://[::1]:5000") == "[::1]")
    #expect(RoutePath.host(ofOrigin: "//cdn.example.com") == "cdn.example.com")
  }
}
