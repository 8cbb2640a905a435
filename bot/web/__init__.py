"""``ostbot web``: a read-only web server over the store (issue 15).

Pages for people, subscribable calendars for calendar apps and a JSON API, all reading the same
store the bot writes. Nothing here writes to the store or talks to Discord.
"""
