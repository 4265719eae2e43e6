"""Runner-specific set-up: turn Beam arguments and the job config into pipeline options.

``babelshard run`` passes every flag it does not know to Beam. This module is
the one place that adds what a runner needs on top, and says which resource
hints the translate stages carry:

- **Dataflow** needs the babelshard worker image (``--sdk_container_image``,
  built from ``docker/worker``) and Runner v2. ``--gpu TYPE[:COUNT]`` asks for
  GPUs either for the translate and back-translate stages only (``--gpu_scope
  translate``, the default: Beam's ``accelerator`` resource hint, Dataflow
  "right fitting", batch only) or for every worker of the job (``--gpu_scope
  job``: the ``worker_accelerator`` service option). Dataflow forbids mixing
  the two, so that is refused here, before anything is submitted.
- **Flink / portable runners** need an environment that has babelshard
  installed: the ``EXTERNAL`` worker pool of ``docker/flink`` or a ``DOCKER``
  environment with the worker image. Beam's default SDK image has neither
  babelshard nor its fonts, so a job without one is refused.

When a GPU is requested the job config switches to ``device=cuda`` (and
``compute_type`` ``auto`` to ``int8_float16``): the model handler then loads
one model per worker machine and shares it across the SDK processes there.
Every mistake raises :class:`~babelshard.pipelines.options.ConfigError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TypeVar

from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import (
    DebugOptions,
    DirectOptions,
    FlinkRunnerOptions,
    GoogleCloudOptions,
    PipelineOptions,
    PortableOptions,
    StandardOptions,
    WorkerOptions,
)
from apache_beam.transforms.resources import AcceleratorHint

from babelshard.pipelines.options import ConfigError, RunConfig
from babelshard.translators.factory import check_engine_here
from babelshard.translators.models import ModelError

T = TypeVar("T", bound=PipelineOptions)

ACCELERATOR_URN = AcceleratorHint.urn
GPU_SCOPES = ("translate", "job")
WORKER_ACCELERATOR = "worker_accelerator"
INSTALL_DRIVER = "install-nvidia-driver"
RUNNER_V2 = "use_runner_v2"
PORTABLE_RUNNERS = frozenset({"portable", "flink", "spark"})
LOCAL_MASTERS = frozenset({"[local]", "[auto]"})
# Runners whose workers are this machine: the device is checked against its hardware.
LOCAL_KINDS = frozenset({"direct", "fnapi", "prism", "interactive"})
WORKER_IMAGE_HELP = "build the worker image (docker/worker/README.md)"
# Beam's DirectRunner first downloads the Prism runner from GitHub and runs simple
# enough jobs there, falling back to the in-process FnApiRunner where it cannot. Jobs
# that name no runner get the in-process runner by name: no download at run time, and
# the runner the tests and benchmarks exercise. --runner=DirectRunner keeps Beam's choice.
LOCAL_RUNNER = "FnApiRunner"

# The machine series each GPU attaches to on Compute Engine; N1 also takes custom-* shapes.
GPU_MACHINE_SERIES = {
    "nvidia-tesla-t4": "n1",
    "nvidia-tesla-p4": "n1",
    "nvidia-tesla-p100": "n1",
    "nvidia-tesla-v100": "n1",
    "nvidia-l4": "g2",
    "nvidia-tesla-a100": "a2",
    "nvidia-a100-80gb": "a2",
    "nvidia-h100-80gb": "a3",
    "nvidia-h100-mega-80gb": "a3",
}
_GPU_TYPE = re.compile(r"nvidia-[a-z0-9-]+")


class BabelshardRunnerOptions(PipelineOptions):
    """babelshard's own runner flags; they travel with the Beam arguments."""

    @classmethod
    def _add_argparse_args(cls, parser: Any) -> None:
        parser.add_argument(
            "--gpu",
            default=None,
            help="Dataflow GPU per worker as TYPE[:COUNT], e.g. nvidia-tesla-t4 or nvidia-l4:1.",
        )
        parser.add_argument(
            "--gpu_scope",
            "--gpu-scope",
            dest="gpu_scope",
            default="translate",
            choices=GPU_SCOPES,
            help="translate: GPU workers for the translate stages only (right fitting, batch); "
            "job: every worker gets the GPU (worker_accelerator).",
        )
        parser.add_argument(
            "--gpu_machine_type",
            "--gpu-machine-type",
            dest="gpu_machine_type",
            default=None,
            help="Machine type for the GPU workers, e.g. g2-standard-8 for nvidia-l4.",
        )


@dataclass(frozen=True)
class GpuRequest:
    """One GPU request for Dataflow workers, as ``--gpu`` and its companions give it."""

    type: str
    count: int = 1
    scope: str = "translate"
    machine_type: str | None = None

    @property
    def accelerator(self) -> str:
        """The accelerator string shared by the resource hint and ``worker_accelerator``."""
        parts = [f"type:{self.type}", f"count:{self.count}"]
        if self.machine_type and self.scope == "translate":
            parts.append(f"machine_type:{self.machine_type}")
        parts.append(INSTALL_DRIVER)
        return ";".join(parts)


def parse_gpu(value: str) -> tuple[str, int]:
    """``nvidia-l4`` or ``nvidia-l4:1`` -> ``("nvidia-l4", 1)``."""
    gpu_type, _, count_text = value.strip().partition(":")
    if not _GPU_TYPE.fullmatch(gpu_type):
        raise ConfigError(
            f"--gpu {value!r}: expected TYPE[:COUNT] with a Compute Engine GPU type such as "
            "nvidia-tesla-t4 or nvidia-l4"
        )
    try:
        count = int(count_text) if count_text else 1
    except ValueError:
        raise ConfigError(f"--gpu {value!r}: COUNT must be a whole number") from None
    if count < 1:
        raise ConfigError(f"--gpu {value!r}: COUNT must be at least 1")
    if count > 1:
        # The handler loads one model per machine on the first GPU: extra GPUs would sit idle.
        raise ConfigError(
            f"--gpu {value!r}: babelshard loads one model per worker machine on one GPU, so "
            "more GPUs per worker would sit idle; use COUNT 1 and more workers (--max_num_workers)"
        )
    return gpu_type, count


def runner_kind(options: PipelineOptions) -> str:
    """``DataflowRunner``, ``apache_beam.runners.DataflowRunner``, ``dataflow`` -> ``dataflow``."""
    runner = options.view_as(StandardOptions).runner
    if runner is None:
        return "direct"
    name = runner if isinstance(runner, str) else type(runner).__name__
    name = name.rsplit(".", 1)[-1].lower().removesuffix("runner")
    return "dataflow" if name in ("dataflow", "testdataflow") else name


def runs_in_this_process(options: PipelineOptions) -> bool:
    """Whether every stage of the job runs in this very process, each bundle once: the
    in-process runner, in memory (not ``multi_processing``, nor a worker environment of
    its own, nor Beam's test option that runs bundles again)."""
    runner = options.view_as(StandardOptions).runner
    direct = options.view_as(DirectOptions)
    environment = options.view_as(PortableOptions).environment_type
    in_process = runner in (None, "DirectRunner", "direct", LOCAL_RUNNER)
    in_memory = direct.direct_running_mode in (None, "in_memory")
    return (
        in_process
        and in_memory
        and environment in (None, "EMBEDDED")
        and not direct.direct_runner_bundle_repeat
    )


def workers_are_remote(options: PipelineOptions) -> bool:
    """Whether the job's workers run on other machines than this one (or in containers).

    They then need the model from a bucket, a hub, or their image; the in-process
    runners and Beam's LOOPBACK environment run here and read this machine's paths.
    """
    kind = runner_kind(options)
    if kind == "dataflow":
        return True
    if kind not in PORTABLE_RUNNERS:
        return False
    portable = options.view_as(PortableOptions)
    env_type = (portable.environment_type or "").upper()
    if env_type == "LOOPBACK":
        return False
    master = options.view_as(FlinkRunnerOptions).flink_master
    return not (not env_type and kind == "flink" and master in LOCAL_MASTERS)


class ViewsOnce(PipelineOptions):
    """Beam options whose views (``view_as(cls)``) are made once per options class.

    Beam asks the job's options for a view at every transform it applies and every
    type it checks, and each view is a new argument parser over all the flags: about
    15% of a small job's CPU, paid again by every chunk. A view reads and writes the
    options it was made from, so one view per class is the same as a new one each time
    (the flags never change once parsed)."""

    def view_as(self, cls: type[T]) -> T:
        views = self.__dict__.setdefault("_views", {})
        view = views.get(cls)
        if view is None:
            view = views[cls] = super().view_as(cls)
        return view

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())
        state.pop("_views", None)  # made again where the options are unpickled
        return state


def local_by_default(beam_args: list[str] | None) -> PipelineOptions:
    """Beam options from ``beam_args``; without a ``--runner``, the in-process one."""
    options = ViewsOnce(beam_args or [])
    standard = options.view_as(StandardOptions)
    if standard.runner is None:
        standard.runner = LOCAL_RUNNER
    return options


def pipeline_options(
    config: RunConfig, beam_args: list[str] | None = None
) -> tuple[PipelineOptions, dict[str, Any]]:
    """Beam options for this job, and the resource hints of its translate stages.

    May switch ``config`` to the GPU (``device``, ``compute_type``) when the
    options ask for one, so call it before the translator is prepared.
    """
    options = local_by_default(beam_args)
    kind = runner_kind(options)
    gpu = options.view_as(BabelshardRunnerOptions)
    if kind == "dataflow":
        return options, _dataflow(options, config)
    if gpu.gpu:
        raise ConfigError(
            f"--gpu asks Dataflow for GPU workers, but the runner is {kind}; on Flink or "
            "locally pass --device cuda and give the workers a GPU (docker/flink/README.md)"
        )
    if kind in PORTABLE_RUNNERS:
        _check_portable_environment(options, kind)
    if kind in LOCAL_KINDS:
        try:
            check_engine_here(config.translator_config())
        except ModelError as error:
            raise ConfigError(str(error)) from error
    return options, {}


# -- Dataflow ------------------------------------------------------------------------


def _dataflow(options: PipelineOptions, config: RunConfig) -> dict[str, Any]:
    worker = options.view_as(WorkerOptions)
    if not worker.sdk_container_image:
        raise ConfigError(
            "Dataflow workers need babelshard, its fonts and CUDA libraries: "
            f"{WORKER_IMAGE_HELP}, push it and pass --sdk_container_image IMAGE"
        )
    debug = options.view_as(DebugOptions)
    if debug.lookup_experiment("disable_runner_v2"):
        raise ConfigError(
            "custom worker images and GPUs need Dataflow Runner v2: drop disable_runner_v2"
        )
    debug.add_experiment(RUNNER_V2)
    _check_remote_paths(config)

    cloud = options.view_as(GoogleCloudOptions)
    service_options = list(cloud.dataflow_service_options or [])
    job_accelerator = _worker_accelerator(service_options)
    hint_accelerator = _pipeline_accelerator_hint(options)
    streaming = options.view_as(StandardOptions).streaming
    request = _gpu_request(options)

    if job_accelerator and (hint_accelerator or (request and request.scope == "translate")):
        raise ConfigError(
            "a job-wide GPU (worker_accelerator) and per-stage GPUs (the accelerator resource "
            "hint, --gpu_scope translate) cannot be combined on Dataflow: choose one, e.g. "
            "--gpu TYPE --gpu_scope job or --gpu TYPE --gpu_scope translate"
        )
    if request and (job_accelerator or hint_accelerator):
        raise ConfigError(
            "the GPU is given twice: pass either --gpu or the Dataflow accelerator option yourself"
        )
    hints: dict[str, Any] = {}
    if request:
        _check_machine_type(request)
        if request.scope == "translate":
            hints["accelerator"] = request.accelerator
        else:
            cloud.dataflow_service_options = [
                *service_options,
                f"{WORKER_ACCELERATOR}={request.accelerator}",
            ]
            _set_machine_type(worker, request.machine_type)
    accelerator = job_accelerator or hint_accelerator or (request and request.accelerator)
    if not accelerator:
        if config.device == "cuda":
            raise ConfigError("--device cuda on Dataflow needs GPU workers: add --gpu TYPE")
        return hints
    if INSTALL_DRIVER not in accelerator.split(";"):
        raise ConfigError(
            f"the accelerator {accelerator!r} lacks {INSTALL_DRIVER}: without the driver "
            "the workers cannot see the GPU"
        )
    if streaming and (hints or hint_accelerator):
        raise ConfigError(
            "per-stage GPUs (right fitting) are batch only: use --gpu_scope job for streaming"
        )
    _use_gpu(config)
    return hints


def _gpu_request(options: PipelineOptions) -> GpuRequest | None:
    flags = options.view_as(BabelshardRunnerOptions)
    if not flags.gpu:
        if flags.gpu_machine_type:
            raise ConfigError("--gpu_machine_type needs --gpu TYPE")
        return None
    gpu_type, count = parse_gpu(flags.gpu)
    return GpuRequest(gpu_type, count, flags.gpu_scope, flags.gpu_machine_type)


def _worker_accelerator(service_options: list[str]) -> str | None:
    for option in service_options:
        name, _, value = option.partition("=")
        if name.strip() == WORKER_ACCELERATOR:
            return value
    return None


def _pipeline_accelerator_hint(options: PipelineOptions) -> str | None:
    for hint in options.view_as(StandardOptions).resource_hints or []:
        name, _, value = hint.partition("=")
        if name.strip() == "accelerator":
            return value
    return None


def _check_machine_type(request: GpuRequest) -> None:
    series = GPU_MACHINE_SERIES.get(request.type)
    if series is None:
        return  # a GPU type newer than this table: Dataflow checks it
    machine = request.machine_type
    if machine is None:
        if series != "n1":
            raise ConfigError(
                f"{request.type} attaches only to {series} machines: pass "
                f"--gpu_machine_type {series}-standard-8 (or another {series} shape)"
            )
        return
    allowed = ("n1-", "custom-") if series == "n1" else (f"{series}-",)
    if not machine.startswith(allowed):
        raise ConfigError(
            f"{request.type} attaches only to {series} machines, not {machine}: "
            f"pick a {series}-* machine type"
        )


def _set_machine_type(worker: WorkerOptions, machine_type: str | None) -> None:
    if machine_type is None:
        return
    if worker.machine_type and worker.machine_type != machine_type:
        raise ConfigError(
            f"--gpu_machine_type {machine_type} and --machine_type {worker.machine_type} "
            "disagree: with --gpu_scope job pass one of them"
        )
    worker.machine_type = machine_type


def _check_remote_paths(config: RunConfig) -> None:
    for name in ("input", "output", "image_root"):
        path = getattr(config, name)
        if path and FileSystems.get_scheme(path) in (None, "file"):
            raise ConfigError(
                f"--{name.replace('_', '-')} {path} is a local path, which Dataflow workers "
                "cannot see: put it in a bucket (gs://...)"
            )


def _use_gpu(config: RunConfig) -> None:
    if config.device == "cpu":
        raise ConfigError("a GPU was requested but --device is cpu: drop --device or --gpu")
    config.device = "cuda"
    if config.compute_type == "auto":
        config.compute_type = "int8_float16"


# -- Flink and other portable runners ------------------------------------------------------


def _check_portable_environment(options: PipelineOptions, kind: str) -> None:
    portable = options.view_as(PortableOptions)
    env_type = (portable.environment_type or "").upper()
    if env_type == "EXTERNAL":
        if not (
            portable.environment_config
            or portable.lookup_environment_option("external_service_address")
        ):
            raise ConfigError(
                "--environment_type EXTERNAL needs --environment_config HOST:PORT of the "
                "worker pool (docker/flink starts one on localhost:50000)"
            )
        return
    master = options.view_as(FlinkRunnerOptions).flink_master
    if not env_type and kind == "flink" and master in LOCAL_MASTERS:
        return  # Beam runs an embedded Flink with LOOPBACK workers in this process
    if env_type in ("", "DOCKER"):
        image = portable.environment_config or portable.lookup_environment_option(
            "docker_container_image"
        )
        if not image:
            raise ConfigError(
                "the default DOCKER environment is Beam's SDK image, which lacks babelshard: "
                "use the worker pool (--environment_type EXTERNAL --environment_config "
                "localhost:50000, docker/flink/README.md) or --environment_type DOCKER "
                f"--environment_config IMAGE ({WORKER_IMAGE_HELP})"
            )
