import addFormatsModule, { type FormatsPlugin } from 'ajv-formats'

// ajv-formats is CommonJS with a default export; depending on the loader the plugin sits on `.default`.
export const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin)
