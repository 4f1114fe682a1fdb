/**
 * The report's figures, drawn once for both SVG and PNG ({@link dev.headcount.report.figures.Canvas}): pruning
 * curves, coherence matrices, importance heatmaps, layer mass, fine-tuning bars and interval plots. No AWT beyond
 * the PNG canvas, which may be missing in slim images.
 */
package dev.headcount.report.figures;
