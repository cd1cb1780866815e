// The confirmation page's cookie: `<reference>.<secret>` of the request this browser just sent
// (only the secret's hash is stored), scoped to /{locale}/contact/sent/ and kept for an hour.
// Without it the page shows nothing, so a reference number alone never reveals a request.
export const RECEIPT_COOKIE = 'pasokh_contact_receipt';
