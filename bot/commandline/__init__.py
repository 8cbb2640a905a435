"""The ``ostbot`` commands, one module per group, imported only when their command runs."""
