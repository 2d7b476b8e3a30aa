import Foundation
import Testing

/// `archverify drift` end to end: output, exit status and input errors through the built binary.
@Suite struct DriftCommandTests {
  static let blueprint = """
    name: Notes
    stack: flask
    entities:
      - name: Note
        fields:
          - {name: body, type: text, required: true}

    """

  static let project: [String: String] = [
    "blueprint.yaml": blueprint,
    "app/__init__.py": """
    from flask import Flask

    from .notes import bp


    def create_app():
        app = Flask(__name__)
        app.register_blueprint(bp)
        return app

    """,
    "app/models.py": """
    from flask_sqlalchemy import SQLAlchemy

    db = SQLAlchemy()


    class Note(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        workspace_id = db.Column(db.Integer, nullable=False)
        body = db.Column(db.Text, nullable=False)

    """,
    "app/notes.py": """
    from flask import Blueprint

    bp = Blueprint("notes", __name__, url_prefix="/api/notes")


    @bp.get("")
    def list_notes():
        return {}


    @bp.post("")
    def create_note():
        return {}


    @bp.route("/<int:note_id>", methods=["GET", "PATCH", "DELETE"])
    def note(note_id):
        return {}

    """,
    "openapi.yaml": """
    openapi: 3.1.0
    info: {title: Notes, version: '1'}
    paths:
      /api/notes:
        get: {responses: {'200': {description: ok}}}

    """,
  ]

  @Test func matchingProjectExitsZero() throws {
    let project = try TemporaryProject(Self.project)
    let result = try project.run("drift", "--blueprint", "blueprint.yaml")
    #expect(result.status == 0)
    #expect(result.stderr == "")
    #expect(result.stdout == "No drift: the project matches blueprint.yaml.\n")
  }

  @Test func driftExitsOneInTextAndJSON() throws {
    let project = try TemporaryProject(Self.project)
    try project.write(
      "app/models.py",
      try project.read("app/models.py").replacingOccurrences(of: "db.Text", with: "db.String"))
    let text = try project.run("drift", "--blueprint", "blueprint.yaml", ".")
    #expect(text.status == 1)
    #expect(
      text.stdout == """
        Fields and columns
          app/models.py:9:5: Note.body: column type is String, but field 'body' is text, which maps to Text

        1 drift item against blueprint.yaml.

        """)
    let json = try project.run("drift", "--blueprint", "blueprint.yaml", "--format", "json")
    #expect(json.status == 1)
    #expect(
      json.stdout == """
        {
          "blueprint" : "blueprint.yaml",
          "drift" : true,
          "items" : [
            {
              "column" : 5,
              "entity" : "Note",
              "kind" : "column-type",
              "line" : 9,
              "message" : "Note.body: column type is String, but field 'body' is text, which maps to Text",
              "path" : "app/models.py"
            }
          ]
        }

        """)
  }

  @Test func malformedBlueprintExitsTwo() throws {
    let project = try TemporaryProject(Self.project)
    try project.write(
      "blueprint.yaml", Self.blueprint.replacingOccurrences(of: "type: text", with: "type: txt"))
    let result = try project.run("drift", "--blueprint", "blueprint.yaml")
    #expect(result.status == 2)
    #expect(result.stdout == "")
    #expect(
      result.stderr == """
        blueprint.yaml:6:28: error: unknown field type 'txt' (expected one of: string, text, integer, decimal, \
        boolean, date, datetime, email, enum, json, ref)
              - {name: body, type: txt, required: true}
                                   ^

        """)
  }

  @Test func missingFolderExitsTwo() throws {
    let project = try TemporaryProject(Self.project)
    let result = try project.run("drift", "--blueprint", "blueprint.yaml", "missing")
    #expect(result.status == 2)
    #expect(result.stderr == "missing: error: no such project folder\n")
    let noBlueprint = try project.run("drift", "--blueprint", "nope.yaml")
    #expect(noBlueprint.status == 2)
    #expect(noBlueprint.stderr == "nope.yaml: error: cannot read blueprint file\n")
  }
}
