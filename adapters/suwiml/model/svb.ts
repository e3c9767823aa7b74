// SVBDossierPersoonGSD v0200 (SVBPersoonsInfoResponse), from schemas/suwiml/Diensten/SVBDossierPersoonGSD/v0200-b01/BodyReaction.xsd.
import { z } from 'zod';
import { def, many, opt, SzWet, datum, eurocent, tekst } from './common.ts';



const BrutoUitkeringsbedr = z.strictObject({
  cdMunteenheid: opt(tekst),
  waardeBedr: opt(eurocent),
  cdUitkeringsperiode: opt(tekst),
  datBBrutoUitkeringsbedr: opt(datum),
  datEBrutoUitkeringsbedr: opt(datum),
});
const NettoUitkeringsbedr = z.strictObject({
  cdMunteenheid: opt(tekst),
  waardeBedr: opt(eurocent),
  cdUitkeringsperiode: opt(tekst),
  datBNettoUitkeringsbedr: opt(datum),
  datENettoUitkeringsbedr: opt(datum),
});

const Kind = z.strictObject({
  burgerservicenr: opt(tekst),
  voornamen: opt(tekst),
  voorvoegsel: opt(tekst),
  significantDeelVanDeAchternaam: opt(tekst),
  geslacht: opt(tekst),
  geboortedat: opt(datum),
  indKinderbijslag: opt(tekst),
  specifiekeGegevensKinderbijslag: opt(z.strictObject({
    cdWoonsituatieKind: opt(tekst),
    cdLandVerblijfKind: opt(tekst),
  })),
});

const AanvraagUitkering = z.strictObject({
  datAanvraagUitkering: opt(datum),
  szWet: opt(SzWet),
  beslissingOpAanvraagUitkering: opt(z.strictObject({ cdBeslissingOpAanvraagUitkering: opt(tekst) })),
});

const Uitkeringsperiode = z.strictObject({
  datBUitkeringsperiode: opt(datum),
  datEUitkeringsperiode: opt(datum),
  specifiekeGegevensAow: opt(z.strictObject({
    indPartnertoeslagAow: opt(tekst),
    percToegekendeAow: opt(tekst),
  })),
  brutoUitkeringsbedr: many(BrutoUitkeringsbedr),
  nettoUitkeringsbedr: many(NettoUitkeringsbedr),
});

const Uitkeringsverhouding = z.strictObject({
  datBUitkeringsverhouding: opt(datum),
  datEUitkeringsverhouding: opt(datum),
  szWet: opt(SzWet),
  specifiekeGegevensRemigratiewet: many(z.strictObject({ cdSrtRemigratievoorziening: opt(tekst) })),
  uitkeringsperiode: many(Uitkeringsperiode),
});

const ClientSuwi = z.strictObject({
  burgerservicenr: opt(tekst),
  voornamen: opt(tekst),
  voorvoegsel: opt(tekst),
  significantDeelVanDeAchternaam: opt(tekst),
  geslacht: opt(tekst),
  geboortedat: opt(datum),
  kind: many(Kind),
  aanvraagUitkering: many(AanvraagUitkering),
  uitkeringsverhouding: many(Uitkeringsverhouding),
});

export const SvbPersoonsInfo = def('SvbPersoonsInfo', 'SVBDossierPersoonGSD v0200: SVBPersoonsInfoResponse without its FWI: the person, children (kinderbijslag), benefit applications and benefits (AOW, AIO, …) with gross and net amounts per period.', z.strictObject({
  clientSuwi: opt(ClientSuwi),
}));
export type SvbPersoonsInfo = z.infer<typeof SvbPersoonsInfo>;
