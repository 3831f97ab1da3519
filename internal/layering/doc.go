// Package layering holds the test that keeps imports flowing one way through the
// project: schemas and templates, then evidence, metrics, controls, report,
// the renderers and the assessment, and the command line last.
package layering
