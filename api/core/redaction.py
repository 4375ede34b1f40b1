"""Need to know in the output models: keys a caller may not see are absent by construction.

An output model built for one caller sets only the keys that caller may read; `Redacted`
drops every key that was not set when it is serialised (by any route, an export, a webhook
payload or `model_dump()`), so that absence never depends on a route remembering
`response_model_exclude_unset`. Which keys are set is decided in one place per model, by the
`for_actor` constructors next to the model, from `Actor.sees_details`.
"""

from __future__ import annotations

from pydantic import BaseModel, SerializerFunctionWrapHandler, model_serializer


class Redacted(BaseModel):
    """An output whose unset optional keys are absent from every serialisation."""

    # No return annotation on purpose: with one, pydantic would publish the annotated type
    # instead of the model's fields in the OpenAPI document (serialization schema).
    @model_serializer(mode="wrap")
    def _only_set_keys(self, handler: SerializerFunctionWrapHandler):  # type: ignore[no-untyped-def]
        data = handler(self)
        if not isinstance(data, dict):
            return data
        kept = self.model_fields_set
        fields = type(self).model_fields
        return {k: v for k, v in data.items() if k in kept or fields[k].is_required()}
