declare_rule! {
    /// ## What it finds
    /// A document whose structure does not match the JSON Schema of its `kind` (`schemas/system.schema.json`, `schemas/department.schema.json`, or a model file's schema): a missing required field, an unknown field, a wrong type, a value outside its allowed set or pattern. The label sits on the offending node.
    ///
    /// ## Why it matters
    /// The estate graph and every later rule rely on the shape the schema guarantees; a document that breaks it is skipped by them, so its other problems stay hidden until it is fixed.
    ///
    /// ## How to fix
    /// Correct the node named in the message. `xgea` shows the schema's expectation; the schemas in `schemas/` document every field.
    code: "XG002", name: "schema-violation", family: Input, severity: Error,
    summary: "a document that does not match its JSON Schema",
    stage: Read,
}
