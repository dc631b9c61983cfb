"""All services of one open database, as the GUI and the command line use them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from salesdesk.services.appraisal_inputs import AppraisalInputsService
from salesdesk.services.cycles import CyclesService
from salesdesk.services.database import Database, open_database
from salesdesk.services.interviews import InterviewsService
from salesdesk.services.schemes import SchemesService
from salesdesk.services.settings import SettingsService
from salesdesk.services.staff import StaffService
from salesdesk.services.targets import TargetsService


@dataclass
class Services:
    database: Database
    staff: StaffService
    settings: SettingsService
    targets: TargetsService
    schemes: SchemesService
    cycles: CyclesService
    appraisal_inputs: AppraisalInputsService
    interviews: InterviewsService

    @property
    def db_path(self) -> Path:
        return self.database.path

    @classmethod
    def open(cls, path: Path | str, *, create: bool = True) -> Services:
        database = open_database(path, create=create)
        return cls(
            database=database,
            staff=StaffService(database),
            settings=SettingsService(database),
            targets=TargetsService(database),
            schemes=SchemesService(database),
            cycles=CyclesService(database),
            appraisal_inputs=AppraisalInputsService(database),
            interviews=InterviewsService(database),
        )

    def close(self) -> None:
        self.database.close()
