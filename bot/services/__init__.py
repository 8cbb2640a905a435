"""Services behind the slash commands: small modules with the logic, callable from tests.

They read and change the store and return data; ``bot.render`` makes the embeds of it.
"""
