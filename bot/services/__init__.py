"""Services behind the slash commands: small modules with the logic, callable from tests."""
