"""The staff content area's views, one module per job (all on one blueprint, `common.bp`):

- workflow: the content list and a draft's life (review, approve, publish, withdraw)
- editor:   editing an item in both languages with its preview; the synonym list
- versions: published versions, comparing two, zip export and import, the dossier PDF
- inbox:    the chat's unanswered questions

Staff accounts live in companion/auth (users page) and site facts in companion/site."""
