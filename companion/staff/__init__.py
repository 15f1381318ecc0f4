"""Staff content area: overview, side-by-side editor, drafts with approval, versions, inbox."""
