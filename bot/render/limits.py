"""Discord's message limits that rendering must respect (from the API documentation)."""

EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER_TEXT = 2048
EMBED_TOTAL = 6000  # all embeds of one message together
EMBEDS_PER_MESSAGE = 10
BUTTON_LABEL = 80
BUTTONS_PER_ROW = 5
ROWS_PER_MESSAGE = 5
