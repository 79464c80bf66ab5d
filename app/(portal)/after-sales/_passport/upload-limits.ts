/** The server's limit (lib/uploads/images.ts IMAGE_MAX_BYTES), for a check before sending; the server decides. */
export const IMAGE_MAX_BYTES_CLIENT = 8 * 1024 * 1024;
/** What the file picker offers; the server reads the content whatever the type says. */
export const IMAGE_ACCEPT = "image/jpeg,image/png,image/webp";
