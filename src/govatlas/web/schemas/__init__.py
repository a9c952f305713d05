"""The JSON API's answers as pydantic models: what ``/api/v1/openapi.json`` declares.

One module per part of the API (``common`` holds what every part shares: the page
envelope, the error answer, the CSV alternative). Every operation names its model
(``response_model``); ``web.response_shapes`` checks each answer against it before it
is sent, so that the description a client reads is the shape it gets, and the
property-based tests (schemathesis) check shapes as well as status codes.
"""
