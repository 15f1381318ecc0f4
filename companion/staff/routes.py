"""Staff content area under /staff/content: the blueprint, with its views in companion/staff/views/.

Importing the view modules registers their routes on the one blueprint, so every endpoint keeps its
name ("staff.editor", "staff.draft_view", …) whichever module it lives in."""
from companion.staff.views import editor, inbox, versions, workflow  # noqa: F401  (registers the views)
from companion.staff.views.common import bp  # noqa: F401  (what the app factory registers)
