"""The desktop app: thin Qt views over the core services. See docs/gui-architecture.md."""
