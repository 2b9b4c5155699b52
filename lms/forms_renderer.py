from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every form renders its fields with the site's accessible field template."""

    form_template_name = "lms/forms/form.html"
    field_template_name = "lms/forms/field.html"
