/** The id prefix of the flag form in the thread page's template; each copy gets `flag-<postId>`. */
export const FLAG_TEMPLATE_PREFIX = 'flag-template';
