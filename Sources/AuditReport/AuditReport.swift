import StudyModel

/// Renders run records as Markdown, HTML, JSON and JUnit; pure functions.
public enum AuditReport {}
