"""The field limits of a release and its drama, shared by schedule files and /ost-admin commands.

A release typed in Discord must fit the same rules as one in a file, so both read them here.
"""

MAX_SLUG = 64  # a drama or release id
MAX_NAME = 100  # an artist, a cast member, a credited name; a timezone name
MAX_TITLE = 200
MAX_URL = 512  # Discord's limit for a link button's url
MAX_ITEMS = 25  # entries in a list or a map (artists, links, credits...)
MAX_SYNOPSIS = 1000
MAX_NOTES = 500
