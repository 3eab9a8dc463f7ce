// Progressive enhancement only: every page works without this file.
//
// GOV.UK Frontend's page template marks <body> from an inline script
// ("js-enabled", and "govuk-frontend-supported" where the browser runs ES
// modules); the pages' Content-Security-Policy allows no inline script, so
// this module does it. A browser that cannot run modules never runs this
// file either, which is the template's own test for "supported".
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
