/** Every RetourCode in a retour's XML (iWmo/iJw or iPgb), in document order. */
export const retourCodesIn = (xml: string): string[] => [...xml.matchAll(/<(?:\w+:)?RetourCode>(\w+)<\/(?:\w+:)?RetourCode>/g)].map((m) => m[1]!);
