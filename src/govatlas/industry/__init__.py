"""Industry insights: indicator frameworks (FMTI), assessments of organisations with
evidence, comparable trends across editions, and the bridge to legal obligations."""
