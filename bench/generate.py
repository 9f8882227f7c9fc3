"""Deterministic workbooks in the four seed layouts, at any scale.

Each workbook is drawn from its own random.Random(seed, index), so a file's bytes depend only on the
seed and its number, not on how many workers wrote the batch. The manifest says how many activities
each file holds; the bench checks the store against it.

What makes them realistic (see tools/build_samples/ for the seed workbooks they imitate): title rows,
two-row merged headers, product cells merged down over their activities, group rows, blank rows,
page-break header repeats, numbers stored as text ('1,600', 'RD$250,000.00', '90%'), month names
with typos, periods written in one cell, headers with the accents dropped.
"""
from __future__ import annotations

import json
import random
import unicodedata
from dataclasses import asdict, dataclass
from multiprocessing import Pool
from pathlib import Path

import xlsxwriter

LAYOUTS = ("monthly_schedule", "period_matrix", "quarterly_followup", "quarterly_targets")
COUNTRY = {"monthly_schedule": "DO", "period_matrix": "DO", "quarterly_followup": "SV",
           "quarterly_targets": "SV"}

# Institution names the loader does not know: it must find them in the title rows.
PREFIX = ["INSTITUTO NACIONAL DE", "CAJA DE", "SUPERINTENDENCIA DE", "MINISTERIO DE", "TESORERÍA DE",
          "CONSEJO NACIONAL DE", "DIRECCIÓN GENERAL DE", "FONDO NACIONAL DE", "ADMINISTRADORA DE",
          "INSTITUTO DE"]
SUBJECT = ["PENSIONES", "SALUD", "PREVISIÓN SOCIAL", "RIESGOS LABORALES", "SEGURIDAD SOCIAL",
           "JUBILACIONES", "PRESTACIONES SOCIALES", "VIVIENDA", "BIENESTAR MAGISTERIAL", "ASISTENCIA SOCIAL",
           "SERVICIOS DE SALUD", "AHORRO Y CRÉDITO", "SUBSIDIOS", "DISCAPACIDAD", "ESTANCIAS INFANTILES",
           "MEDICAMENTOS", "TRABAJO", "EMPLEO", "FORMACIÓN TÉCNICA", "SALUD OCUPACIONAL"]
QUALIFIER = ["", " DEL SECTOR PÚBLICO", " DE LOS TRABAJADORES", " MUNICIPAL", " DE LAS FUERZAS ARMADAS",
             " DEL MAGISTERIO", " RURAL", " DE LA POLICÍA", " DE LOS DOCENTES", " DE LA SALUD"]

UNITS = ["Recursos Humanos", "Planificación y Desarrollo", "Tecnología de la Información", "Auditoría Interna",
         "Comunicaciones", "Finanzas", "Contabilidad", "Presupuesto", "Compras y Contrataciones",
         "Servicios Generales", "Asesoría Jurídica", "Atención al Usuario", "Prestaciones", "Afiliación",
         "Recaudación", "Fiscalización", "Calidad", "Archivo y Correspondencia", "Seguridad",
         "Transporte", "Logística y Activos", "Riesgos", "Estadística", "Inversiones", "Cobros",
         "Mantenimiento", "Capacitación", "Relaciones Públicas", "Cooperación Internacional", "Proyectos"]
AXES = ["Fortalecimiento Institucional", "Servicios al Ciudadano", "Crecimiento y Desarrollo",
        "Procesos internos", "Aprendizaje", "Clientes", "Financiera", "Transformación Digital"]
VERBS = ["Elaborar", "Revisar", "Actualizar", "Implementar", "Realizar", "Coordinar", "Gestionar", "Diseñar",
         "Evaluar", "Ejecutar", "Supervisar", "Capacitar", "Socializar", "Aprobar", "Digitalizar", "Monitorear"]
OBJECTS = ["el manual de procedimientos", "las auditorías de control", "el plan de capacitación",
           "la encuesta de satisfacción", "los procesos de recaudación", "el sistema de gestión documental",
           "las visitas de inspección", "el informe de ejecución presupuestaria", "la política de seguridad",
           "el inventario de activos", "los contratos de servicios", "el portal de transparencia",
           "la matriz de riesgos", "el programa de bienestar laboral", "los expedientes de afiliados",
           "el cuadro de mando integral", "la plataforma de pagos en línea", "los reportes estadísticos"]
COMPLEMENTS = ["de la institución", "para los afiliados", "de acuerdo con la normativa vigente",
               "con las áreas involucradas", "en las oficinas regionales", "del periodo", "a nivel nacional",
               "según el cronograma aprobado", "con apoyo de la Dirección Ejecutiva", ""]
INDICATORS = ["% de avance", "Cantidad de informes elaborados", "Nivel de satisfacción", "Número de procesos",
              "% de cumplimiento", "Cantidad de personas capacitadas", "Documentos aprobados"]
RISKS = ["Falta de presupuesto", "Retraso de proveedores", "Carencia de personal capacitado",
         "Cambios en la normativa", "Baja participación de las áreas", ""]
MONTHS = ["Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio", "Julio", "Agosto", "Septiembre", "Octubre",
          "Noviembre", "Diciembre"]
TYPOS = {"Enero": "Encero", "Diciembre": "Dicienbre", "Septiembre": "Setiembre", "Febrero": "Febreo"}
QUARTER_HEAD = ["EN-MAR", "ABR-JUN", "JUL-SEP", "OCT-DIC"]


@dataclass
class Planned:
    file: str
    layout: str
    institution: str
    year: int
    activities: int


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def institution_name(rng: random.Random, country: str) -> str:
    name = f"{rng.choice(PREFIX)} {rng.choice(SUBJECT)}{rng.choice(QUALIFIER)}"
    # Country words tell the loader what a bare '$' means.
    return name + (" - REPÚBLICA DOMINICANA" if country == "DO" else " - EL SALVADOR")


def sentence(rng: random.Random) -> str:
    return " ".join(filter(None, [rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(COMPLEMENTS)])) + "."


def as_text_number(n: int) -> str:
    return f"{n:,}"


class Writer:
    """A thin cursor over an xlsxwriter sheet, 1-based like Excel and etl.workbook."""

    def __init__(self, ws, plain_headers: bool):
        self.ws, self.plain = ws, plain_headers

    def put(self, r: int, c: int, v) -> None:
        if v is None or v == "":
            return
        if isinstance(v, (int, float)):
            self.ws.write_number(r - 1, c - 1, v)
        else:
            self.ws.write_string(r - 1, c - 1, v)

    def head(self, r: int, c: int, v: str) -> None:
        self.put(r, c, strip_accents(v) if self.plain else v)

    def merge(self, r1: int, c1: int, r2: int, c2: int, v=None, header: bool = False) -> None:
        if header and isinstance(v, str) and self.plain:
            v = strip_accents(v)
        if (r1, c1) == (r2, c2):
            self.put(r1, c1, v)
        else:
            self.ws.merge_range(r1 - 1, c1 - 1, r2 - 1, c2 - 1, "" if v is None else v)


def split_count(rng: random.Random, total: int, parts: int) -> list[int]:
    """total split into `parts` positive sizes, unevenly."""
    parts = max(1, min(parts, total))
    cuts = sorted(rng.sample(range(1, total), parts - 1)) if parts > 1 else []
    return [b - a for a, b in zip([0, *cuts], [*cuts, total])]


# ---- monthly schedule (ARS SEMMA) ----------------------------------------------------------------------

def monthly_schedule(wb, rng: random.Random, inst: str, year: int, n: int, plain: bool) -> None:
    blocks = split_count(rng, n, max(1, n // rng.randint(12, 30)))
    per_sheet = rng.choice([1, 1, 2, 3])
    sheet_no, r, w = 0, 0, None
    for b, size in enumerate(blocks):
        if b % per_sheet == 0:
            sheet_no += 1
            unit = rng.choice(UNITS)
            w = Writer(wb.add_worksheet(f"{unit[:22]} {sheet_no}"), plain)
            w.merge(1, 1, 1, 16, inst)
            w.merge(2, 1, 2, 16, f"PLAN OPERATIVO ANUAL {year}")
            r = 4
        axis = rng.choice(AXES)
        w.merge(r, 1, r + 3, 1, "Generales")
        for i, (label, value) in enumerate([
            ("Nombre:", f"Plan Operativo Anual del Departamento de {unit}"),
            ("Fecha:", f"Enero {year} - Diciembre {year}"),
            ("Área:", f"Departamento de {unit}"),
            ("Eje o perspectiva:", axis),
        ]):
            w.put(r + i, 2, label)
            w.merge(r + i, 3, r + i, 16, value)
        w.put(r + 4, 1, "Objetivo estratégico de referencia")
        w.merge(r + 4, 2, r + 4, 16, sentence(rng))
        w.put(r + 5, 1, "Meta operativa anual")
        w.merge(r + 5, 2, r + 5, 16, sentence(rng))
        h = r + 6
        for c, label in ((1, "Entregables"), (2, "Indicadores"), (3, "Actividades"), (16, "Responsables")):
            w.merge(h, c, h + 2, c, label, header=True)
        w.merge(h, 4, h, 15, "Cronograma", header=True)
        for q, label in enumerate(["1er. Trimestre", "2do. Trimestre", "3er. Trimestre", "4to. Trimestre"]):
            w.merge(h + 1, 4 + 3 * q, h + 1, 6 + 3 * q, label, header=True)
        for m in range(12):
            w.put(h + 2, 4 + m, m + 1)
        r = h + 3
        products = split_count(rng, size, max(1, size // rng.randint(2, 5)))
        for p, count in enumerate(products, start=1):
            w.merge(r, 1, r + count - 1, 1, f"{p}. {rng.choice(OBJECTS).capitalize()} {rng.choice(COMPLEMENTS)}".strip())
            w.merge(r, 2, r + count - 1, 2, rng.choice(INDICATORS))
            for a in range(1, count + 1):
                w.put(r, 3, f"{p}.{a}. {sentence(rng)}")
                mark = rng.choice(["X", "X", "X", "x", "100%"])
                start = rng.randint(1, 12)
                for m in sorted(rng.sample(range(start, 13), rng.randint(1, 13 - start))):
                    w.put(r, 3 + m, mark)
                w.put(r, 16, f"{unit} - {rng.choice(UNITS)}")
                r += 1
        r += 2  # blank rows between blocks


# ---- period matrix (Tesorería de la Seguridad Social) ---------------------------------------------------

PM_HEADERS = ["Productos", "Resultado esperado", "Descripción", "Tipo de Gestión", "Actividades",
              "Tipo de Actividad", "Meta", "Indicadores", "Medio de Verificación", "Responsable(s)",
              "Área de Soporte", "Período de Ejecución", None, "Presupuesto (RD$)", "Riesgo asociado",
              "Acción de mitigación", "Observaciones"]


def _month(rng: random.Random, m: int) -> str:
    name = MONTHS[m - 1]
    return TYPOS.get(name, name) if rng.random() < 0.05 else name


def period_matrix(wb, rng: random.Random, inst: str, year: int, n: int, plain: bool) -> None:
    ordinals = ["Primer", "Segundo", "Tercer", "Cuarto", "Quinto"]
    sheets = split_count(rng, n, rng.randint(2, 5))
    for s, size in enumerate(sheets):
        w = Writer(wb.add_worksheet(f"{ordinals[s]} Eje"), plain)
        width = len(PM_HEADERS)
        w.put(1, 1, inst)
        w.put(2, 1, f"Plan Operativo Anual {year}")
        w.merge(3, 1, 3, width, "Dirección de Planificación y Desarrollo")
        w.put(5, 1, f"{ordinals[s]} Eje:")
        w.put(5, 2, rng.choice(AXES))
        for c, label in enumerate(PM_HEADERS, start=1):
            if label == "Período de Ejecución":
                w.merge(6, c, 6, c + 1, label, header=True)
                w.put(7, c, "Inicio")
                w.put(7, c + 1, "Fin")
            elif label:
                w.merge(6, c, 7, c, label, header=True)
        r = 8
        for objective_size in split_count(rng, size, max(1, size // rng.randint(15, 40))):
            w.merge(r, 1, r, width, f"Objetivo Estratégico: {sentence(rng)}")
            r += 1
            for count in split_count(rng, objective_size, max(1, objective_size // rng.randint(1, 5))):
                for c, text in ((1, rng.choice(OBJECTS).capitalize() + " optimizado"), (2, sentence(rng)),
                                (3, sentence(rng)), (4, rng.choice(["Operatividad", "Iniciativa", "Gestión Interna"]))):
                    w.merge(r, c, r + count - 1, c, text)
                for _ in range(count):
                    w.put(r, 5, sentence(rng))
                    w.put(r, 6, rng.choice(["Gestión Interna", "Proceso de Compra", ""]))
                    w.put(r, 7, rng.choice(["100%", "90%", "50%", 2.0, 12.0, "1,600", "12,000 h/h", "4"]))
                    w.put(r, 8, rng.choice(INDICATORS))
                    w.put(r, 9, rng.choice(["Correo electrónico", "Informe", "Minuta de reunión", ""]))
                    w.put(r, 10, f"Encargado de {rng.choice(UNITS)}")
                    w.put(r, 11, rng.choice(UNITS))
                    start = rng.randint(1, 12)
                    end = rng.randint(start, 12)
                    if rng.random() < 0.15:
                        w.put(r, 12, f"{MONTHS[start - 1]} - {MONTHS[end - 1]}")
                    else:
                        w.put(r, 12, _month(rng, start))
                        w.put(r, 13, _month(rng, end))
                    budget = rng.random()
                    if budget < 0.3:
                        w.put(r, 14, "Contemplado Gestión Operativa")
                    elif budget < 0.5:
                        w.put(r, 14, f"RD${rng.randint(1, 400) * 5000:,}.00")
                    elif budget < 0.7:
                        w.put(r, 14, float(rng.randint(1, 400) * 2500))
                    w.put(r, 15, rng.choice(RISKS))
                    w.put(r, 16, "Seguimiento mensual" if rng.random() < 0.5 else "")
                    w.put(r, 17, "" if rng.random() < 0.8 else sentence(rng))
                    r += 1
            if rng.random() < 0.2:
                r += 1  # a blank row inside the table


# ---- quarterly follow-up (Caja Mutual 2023) --------------------------------------------------------------

def _target_cells(rng: random.Random, text_numbers: bool) -> tuple[list, int]:
    per_q = [rng.choice([0, 0, 1, 1, 2, 3, 12, 250, 1500]) for _ in range(4)]
    if not any(per_q):
        per_q[rng.randrange(4)] = 1
    annual = sum(per_q)
    cells = [None if v == 0 else (as_text_number(v) if text_numbers or v >= 1000 else v) for v in per_q]
    return cells, annual


def quarterly_followup(wb, rng: random.Random, inst: str, year: int, n: int, plain: bool) -> None:
    w = Writer(wb.add_worksheet(f"POI {year} - 1er Seguimiento"), plain)
    width = 12
    w.merge(1, 1, 1, width, inst)
    w.merge(2, 1, 2, width, f"1er SEGUIMIENTO AL PLAN OPERATIVO INSTITUCIONAL/ANUAL (POI/POA) {year}")
    r = 4
    for size in split_count(rng, n, max(1, n // rng.randint(10, 30))):
        unit = rng.choice(UNITS)
        w.merge(r, 1, r, width, f"MISIÓN: {sentence(rng)}")
        r += 2
        texts = rng.random() < 0.2
        left = size
        oe = 0
        while left:
            # A page break repeats the header.
            _followup_header(w, r, year)
            r += 2
            chunk = min(left, rng.randint(5, 25))
            oe += 1
            w.merge(r, 1, r, width, f"O.E.{oe}. {sentence(rng)}")
            r += 1
            for a in range(1, chunk + 1):
                cells, annual = _target_cells(rng, texts)
                real = rng.choice([None, 0, 1, 2]) if cells[0] else None
                w.put(r, 1, f"AO.{oe}.{a}.")
                w.put(r, 2, sentence(rng))
                w.put(r, 3, unit)
                w.put(r, 4, rng.choice(UNITS))
                w.put(r, 5, as_text_number(annual) if texts or annual >= 1000 else annual)
                for q, v in enumerate(cells):
                    w.put(r, 6 + q, v)
                w.put(r, 10, real)
                if cells[0] and real is not None:
                    pct = real / float(str(cells[0]).replace(",", ""))
                    w.put(r, 11, f"{pct:.0%}" if texts else pct)
                w.put(r, 12, sentence(rng) if rng.random() < 0.6 else "")
                r += 1
            left -= chunk
            r += 1


def _followup_header(w: Writer, r: int, year: int) -> None:
    for c, label in ((1, "CÓDIGO"), (2, "ACCIÓN OPERATIVA (AO)"), (3, "UNIDAD ORGANIZATIVA LÍDER"),
                     (4, "UNIDAD-ÁREA RESPONSABLE"), (5, "META ANUAL"),
                     (12, "OBSERVACIONES - COMENTARIOS 1er Trimestre")):
        w.merge(r, c, r + 1, c, label, header=True)
    w.merge(r, 6, r, 9, f"METAS PARA AÑO {year}", header=True)
    w.head(r, 10, "REAL")
    w.head(r, 11, "% EJECUCIÓN")
    for q, label in enumerate(QUARTER_HEAD):
        w.put(r + 1, 6 + q, label)
    w.put(r + 1, 10, "EN-MAR")
    w.put(r + 1, 11, "EN-MAR")


# ---- quarterly targets (Caja Mutual POI 2019) ------------------------------------------------------------

def quarterly_targets(wb, rng: random.Random, inst: str, year: int, n: int, plain: bool) -> None:
    width = 10
    for s, size in enumerate(split_count(rng, n, max(1, n // rng.randint(15, 60))), start=1):
        unit = rng.choice(UNITS)
        w = Writer(wb.add_worksheet(f"{unit[:25]} {s}"), plain)
        w.merge(1, 1, 1, width, inst)
        w.merge(2, 1, 2, width, f"PLAN OPERATIVO INSTITUCIONAL/ANUAL (POI/POA) {year}")
        w.merge(3, 1, 3, width, f"POI {year} {unit}")
        r = 5
        oe = rng.randint(1, 5)
        for section in split_count(rng, size, max(1, size // rng.randint(8, 25))):
            w.merge(r, 1, r, width, f"OE.{oe}. {sentence(rng)}")
            r += 1
            for c, label in ((1, "CÓDIGO"), (2, "ACCIÓN ESTRATÉGICO (AE)\nACCIÓN OPERATIVA (AO)"),
                             (3, "UNIDAD ORGANIZATIVA LÍDER"), (4, "ÁREA RESPONSABLE"),
                             (5, "LÍNEA DE ACCIÓN PLAN CUSCATLÁN"), (6, "META ANUAL")):
                w.merge(r, c, r + 1, c, label, header=True)
            w.merge(r, 7, r, 10, "METAS PARA PERIODO", header=True)
            for q, label in enumerate(QUARTER_HEAD):
                w.put(r + 1, 7 + q, label)
            r += 2
            ae = 0
            for count in split_count(rng, section, max(1, section // rng.randint(2, 6))):
                ae += 1
                code = f"{oe}.{rng.randint(1, 3)}.{ae}"
                w.merge(r, 1, r, 2, f"AE.{code}. {sentence(rng)}")
                w.put(r, 3, unit)
                w.put(r, 5, rng.choice(["N/A", "LA.1 Salud", "LA.10 Transparencia y Anticorrupción", ""]))
                r += 1
                for a in range(1, count + 1):
                    per_q = [rng.choice([0, 0, 1, 1, 3, 12]) for _ in range(4)]
                    if not any(per_q):
                        per_q[rng.randrange(4)] = 1
                    dollars = rng.random() < 0.05
                    if dollars:
                        per_q = [v * 125_000 for v in per_q]
                    w.put(r, 1, f"AO.{code}.{a}.")
                    w.put(r, 2, sentence(rng))
                    w.put(r, 3, unit)
                    w.put(r, 4, rng.choice(UNITS) if rng.random() < 0.6 else "")
                    total = sum(per_q)
                    w.put(r, 6, f"$ {total:,}" if dollars else (as_text_number(total) if total >= 1000 else total))
                    for q, v in enumerate(per_q):
                        if v:
                            w.put(r, 7 + q, f"$ {v:,}" if dollars else v)
                    r += 1
            oe += 1
            r += 1
        w.merge(r + 1, 1, r + 1, width, "Consolidado por: Unidad de Planificación")


WRITERS = {"monthly_schedule": monthly_schedule, "period_matrix": period_matrix,
           "quarterly_followup": quarterly_followup, "quarterly_targets": quarterly_targets}


# ---- the batch -------------------------------------------------------------------------------------------

def plan(workbooks: int, activities: int, seed: int, layouts: tuple[str, ...] = LAYOUTS,
         sizes: tuple[int, int] | None = None) -> list[Planned]:
    """Which file gets which layout, institution, year and number of activities.

    `sizes=(low, high)` draws each file's activities in that range instead of sharing `activities` out."""
    rng = random.Random(seed)
    if sizes:
        counts = [rng.randint(*sizes) for _ in range(workbooks)]
    else:
        weights = [rng.uniform(0.4, 1.6) for _ in range(workbooks)]
        scale = activities / sum(weights)
        counts = [max(4, round(wt * scale)) for wt in weights]
        counts[-1] = max(4, counts[-1] + activities - sum(counts))
    out = []
    for i, size in enumerate(counts):
        layout = layouts[i % len(layouts)]
        inst = institution_name(rng, COUNTRY[layout])
        year = rng.choice([2023, 2024, 2025])
        out.append(Planned(f"poa_{i:05d}_{layout}.xlsx", layout, inst, year, size))
    return out


def _write(args: tuple[Path, Planned, int, int]) -> None:
    out_dir, p, seed, index = args
    rng = random.Random(f"{seed}-{index}")
    plain = rng.random() < 0.3  # headers typed without accents
    with xlsxwriter.Workbook(str(out_dir / p.file)) as wb:
        WRITERS[p.layout](wb, rng, p.institution, p.year, p.activities, plain)


def generate(out_dir: Path, workbooks: int = 200, activities: int = 100_000, seed: int = 2024,
             processes: int = 2, layouts: tuple[str, ...] = LAYOUTS,
             sizes: tuple[int, int] | None = None) -> list[Planned]:
    """Write the workbooks and manifest.json into out_dir (emptied of earlier .xlsx first)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.xlsx"):
        old.unlink()
    planned = plan(workbooks, activities, seed, layouts, sizes)
    jobs = [(out_dir, p, seed, i) for i, p in enumerate(planned)]
    if processes > 1 and len(jobs) > 1:
        with Pool(processes) as pool:
            pool.map(_write, jobs, chunksize=4)
    else:
        for job in jobs:
            _write(job)
    (out_dir / "manifest.json").write_text(json.dumps([asdict(p) for p in planned], ensure_ascii=False, indent=1))
    return planned
