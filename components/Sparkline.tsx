import {Text} from 'ink';

/** Props of a sparkline. */
export interface SparklineProps {
	/** Block characters, lost probes as "×" (see `sparkline()` in format.ts). */
	text: string;
	color?: string;
}

/** RTT history of a site, one cell a probe, drawn in the site's grade colour. */
export function Sparkline({text, color}: SparklineProps) {
	return <Text color={color}>{text}</Text>;
}
