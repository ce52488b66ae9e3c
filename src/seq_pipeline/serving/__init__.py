"""The trained model as an MLflow model (pyfunc flavour), and its place in the registry."""
