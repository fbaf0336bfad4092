// The pptxgenjs types, as this package's TypeScript setting sees them (its typings are CommonJS, its runtime import an ES module).
import type PptxModule from 'pptxgenjs';

/** A pptxgenjs presentation. */
export type Presentation = PptxModule.default;
export type PptxSlide = PptxModule.default.Slide;
export type TextProps = PptxModule.default.TextProps;
export type TextPropsOptions = PptxModule.default.TextPropsOptions;
export type HyperlinkProps = PptxModule.default.HyperlinkProps;
export type TableRow = PptxModule.default.TableRow;
export type TableCellProps = PptxModule.default.TableCellProps;

/** Returns the pptxgenjs constructor, loaded only when a PowerPoint is asked for. */
export async function loadPptxGen(): Promise<new () => Presentation> {
  const loaded = (await import('pptxgenjs')) as unknown as { default: new () => Presentation };
  return loaded.default;
}
