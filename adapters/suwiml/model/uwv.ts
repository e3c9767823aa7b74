// UWVDossierInkomstenGSD v0200 (UWVPersoonsIkvInfoResponse), from schemas/suwiml/Diensten/UWVDossierInkomstenGSD/v0200-b02/BodyReaction.xsd.
import { z } from 'zod';
import { def, many, opt, StandaardBedr, datum, tekst } from './common.ts';

const Straatadres = z.strictObject({
  locatieoms: opt(tekst),
  postcd: opt(tekst),
  woonplaatsnaam: opt(tekst),
  gemeentenaam: opt(tekst),
  straatnaam: opt(tekst),
  huisnr: opt(tekst),
  huisnrtoevoeging: opt(tekst),
  woonbootverwijzing: opt(tekst),
  woonwagenverwijzing: opt(tekst),
});
const Postbusadres = z.strictObject({
  locatieoms: opt(tekst),
  postcd: opt(tekst),
  woonplaatsnaam: opt(tekst),
  gemeentenaam: opt(tekst),
  postbusnr: opt(tekst),
});
const buitenland = {
  locatieomsBuitenland: opt(tekst),
  postcdBuitenland: opt(tekst),
  woonplaatsnaamBuitenland: opt(tekst),
  regionaamBuitenland: opt(tekst),
  landencdIso: opt(tekst),
  landsnaam: opt(tekst),
};
const StraatadresBuitenland = z.strictObject({ ...buitenland, straatnaamBuitenland: opt(tekst), huisnrBuitenland: opt(tekst) });
const PostbusadresBuitenland = z.strictObject({ ...buitenland, postbusnrBuitenland: opt(tekst) });

/** An address with its period; exactly one of the four address forms (XSD choice). */
const AdresAeh = def('UwvAdresMetPeriode', 'An address of an employer (or of the person running it) with its period: one of Straatadres, Postbusadres, StraatadresBuitenland, PostbusadresBuitenland.', z.strictObject({
  datBAdres: opt(datum),
  datEAdres: opt(datum),
  straatadres: opt(Straatadres),
  postbusadres: opt(Postbusadres),
  straatadresBuitenland: opt(StraatadresBuitenland),
  postbusadresBuitenland: opt(PostbusadresBuitenland),
}));

const AdministratieveEenheid = z.strictObject({
  naamAdministratieveEenheid: opt(tekst),
  loonheffingennr: opt(tekst),
  datBAdministratieveEenheid: opt(datum),
  datEAdministratieveEenheid: opt(datum),
  persoonAdministratieveEenheid: opt(z.strictObject({
    voornamen: opt(tekst),
    voorvoegsel: opt(tekst),
    significantDeelVanDeAchternaam: opt(tekst),
    feitelijkAdresPersoonAeh: many(AdresAeh),
    correspondentieadresPersoonAeh: many(AdresAeh),
  })),
  rechtspersoonAdministratieveEenh: opt(z.strictObject({
    fiNr: opt(tekst),
    naamRechtspersoon: opt(tekst),
    cdRechtsvorm: opt(tekst),
  })),
  feitelijkAdresAeh: many(AdresAeh),
  correspondentieadresAeh: many(AdresAeh),
});

const Inkomstenperiode = z.strictObject({
  datBIkp: opt(datum),
  datEIkp: opt(datum),
  cdSrtIkv: opt(tekst),
  cdTypeArbeidscontract: opt(tekst),
  cdInvloedVerzekeringsplicht: opt(tekst),
  indLoonheffingskortingToegepast: opt(tekst),
  indRegelmatigArbeidspatroon: opt(tekst),
  indPersoneelsleningNietInLoon: opt(tekst),
  indLoonIsMedeAowAlleenstaande: opt(tekst),
  indLoonInclusiefWajongUitkering: opt(tekst),
  indVakantiebonnenToegepast: opt(tekst),
  cdAardIkv: opt(tekst),
  cdIncidInkomstenvermindering: opt(tekst),
});

const SectorRisicogroepIkv = z.strictObject({
  cdSectorRisicogroep: opt(tekst),
  datBSectorRisicogroep: opt(datum),
  datESectorRisicogroep: opt(datum),
  sectorBeroepsEnBedrijfsleven: opt(z.strictObject({ cdSector: opt(tekst) })),
});

const Inkomstenopgave = z.strictObject({
  datBIko: opt(datum),
  datEIko: opt(datum),
  aantSvDagenIko: opt(tekst),
  aantVerloondeUrenIko: opt(tekst),
  bedrBrutoloonSv: opt(StandaardBedr),
  bedrLoonLbPremieVolksverz: opt(StandaardBedr),
  bedrIngehoudenLbPremieVolksverz: opt(StandaardBedr),
  bedrVakantietoeslag: opt(StandaardBedr),
  bedrOpgbRechtVakantietoeslag: opt(StandaardBedr),
  bedrExtraPrdSalaris: opt(StandaardBedr),
  bedrOpgbRechtExtraPrdSalaris: opt(StandaardBedr),
  bedrVergoedingReiskostenOnbelast: opt(StandaardBedr),
  bedrInUitkBegrBetAlimentatie: opt(StandaardBedr),
  bedrRechtstreeksBetAlimentatie: opt(StandaardBedr),
});

const Inkomstenverhouding = z.strictObject({
  volgnrIkv: opt(tekst),
  aanduidingIkvWerkgever: opt(tekst),
  datBIkv: opt(datum),
  datEIkv: opt(datum),
  administratieveEenheid: opt(AdministratieveEenheid),
  inkomstenperiode: many(Inkomstenperiode),
  sectorRisicogroepIkv: many(SectorRisicogroepIkv),
  inkomstenopgave: many(Inkomstenopgave),
});

export const UwvPersoonsIkvInfo = def('UwvPersoonsIkvInfo', 'UWVDossierInkomstenGSD v0200: UWVPersoonsIkvInfoResponse without its FWI: the income relations (employers, benefits) from the polisadministratie with their periods and monthly wage statements (amounts in eurocent), and the period the answer covers.', z.strictObject({
  clientSuwi: opt(z.strictObject({
    burgerservicenr: opt(tekst),
    inkomstenverhouding: many(Inkomstenverhouding),
  })),
  periodeGegevensleveringIko: opt(z.strictObject({ datBPeriode: opt(datum), datEPeriode: opt(datum) })),
}));
export type UwvPersoonsIkvInfo = z.infer<typeof UwvPersoonsIkvInfo>;
