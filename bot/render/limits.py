"""Discord's limits that rendering must respect (from the API documentation).

Messages (create and edit, interaction replies included): content 2,000 characters; up to 10
embeds whose title, description, field names and values, footer text and author name add up
to at most 6,000 characters; up to 5 action rows of up to 5 buttons (label 80, link 512,
custom_id 100). Scheduled events: name 1-100, description up to 1,000, location 1-100.
"""

CONTENT = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER_TEXT = 2048
AUTHOR_NAME = 256
EMBED_TOTAL = 6000  # all embeds of one message together
EMBEDS_PER_MESSAGE = 10
BUTTON_LABEL = 80
BUTTON_URL = 512
CUSTOM_ID = 100
BUTTONS_PER_ROW = 5
ROWS_PER_MESSAGE = 5
BUTTONS_PER_MESSAGE = BUTTONS_PER_ROW * ROWS_PER_MESSAGE
SELECT_OPTIONS = 25
SELECT_OPTION_TEXT = 100  # an option's label, value and description
EVENT_NAME = 100
EVENT_DESCRIPTION = 1000
EVENT_LOCATION = 100
