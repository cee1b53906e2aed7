namespace TorchSharp;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Something that can be called with one argument, as modules are.</summary>
        public interface IModule<T, TResult>
        {
            /// <summary>Runs the module (with its hooks) on <paramref name="input1"/>.</summary>
            TResult call(T input1);
        }

        /// <summary>Something that can be called with two arguments, as loss modules are.</summary>
        public interface IModule<T1, T2, TResult>
        {
            /// <summary>Runs the module (with its hooks).</summary>
            TResult call(T1 input1, T2 input2);
        }

        /// <summary>A module with forward hooks: pre-hooks run before <c>forward</c> and may replace its
        /// input, post-hooks run after and may replace its output; both run only through <c>call</c>.</summary>
        /// <typeparam name="TPreHook">The type of a pre-hook that sees the input.</typeparam>
        /// <typeparam name="TPostHook">The type of a post-hook that sees input and output.</typeparam>
        public class HookableModule<TPreHook, TPostHook> : Module
            where TPreHook : Delegate
            where TPostHook : Delegate
        {
            /// <summary>Pre-hooks that see the input, in registration order.</summary>
            protected Dictionary<string, TPreHook> pre_hooks = new();
            /// <summary>Post-hooks that see input and output, in registration order.</summary>
            protected Dictionary<string, TPostHook> post_hooks = new();
            /// <summary>Pre-hooks that see only the module.</summary>
            protected Dictionary<string, Action<Module>> module_pre_hooks = new();
            /// <summary>Post-hooks that see only the module.</summary>
            protected Dictionary<string, Action<Module>> module_post_hooks = new();

            /// <summary>Creates a module named <paramref name="name"/>.</summary>
            protected HookableModule(string name) : base(name) { }

            /// <summary>Adds a hook run after <c>forward</c>; a non-null return value replaces the output.</summary>
            /// <returns>A handle whose <c>remove()</c> takes the hook out again.</returns>
            /// <exception cref="ArgumentNullException"><paramref name="hook"/> is null.</exception>
            public HookRemover register_forward_hook(TPostHook hook) => Add(post_hooks, hook);

            /// <summary>Adds a hook run before <c>forward</c>; a non-null return value replaces the input.</summary>
            /// <returns>A handle whose <c>remove()</c> takes the hook out again.</returns>
            /// <exception cref="ArgumentNullException"><paramref name="hook"/> is null.</exception>
            public HookRemover register_forward_pre_hook(TPreHook hook) => Add(pre_hooks, hook);

            /// <summary>Adds a hook that sees only the module, run after <c>forward</c>.</summary>
            public HookRemover register_forward_hook(Action<Module> hook) => Add(module_post_hooks, hook);

            /// <summary>Adds a hook that sees only the module, run before <c>forward</c>.</summary>
            public HookRemover register_forward_pre_hook(Action<Module> hook) => Add(module_pre_hooks, hook);

            private HookRemover Add<THook>(Dictionary<string, THook> hooks, THook hook)
            {
                ArgumentNullException.ThrowIfNull(hook);
                var key = Guid.NewGuid().ToString();
                hooks.Add(key, hook);
                return new HookRemover(this, key);
            }

            private void remove(string key)
            {
                pre_hooks.Remove(key);
                post_hooks.Remove(key);
                module_pre_hooks.Remove(key);
                module_post_hooks.Remove(key);
            }

            /// <summary>Removes one registered hook (PyTorch's RemovableHandle).</summary>
            public class HookRemover
            {
                private readonly HookableModule<TPreHook, TPostHook> _module;
                private readonly string _key;

                /// <summary>A handle for the hook registered under <paramref name="key"/>.</summary>
                public HookRemover(HookableModule<TPreHook, TPostHook> module, string key)
                {
                    ArgumentNullException.ThrowIfNull(module);
                    ArgumentNullException.ThrowIfNull(key);
                    _module = module;
                    _key = key;
                }

                /// <summary>Takes the hook out; removing twice does nothing.</summary>
                public void remove() => _module.remove(_key);
            }
        }

        /// <summary>The base of modules whose <see cref="forward"/> takes one argument. Call modules with
        /// <see cref="call"/>, which runs the hooks around <see cref="forward"/>.</summary>
        /// <typeparam name="T">The input type.</typeparam>
        /// <typeparam name="TResult">The output type.</typeparam>
        public abstract class Module<T, TResult>
            : HookableModule<Func<Module<T, TResult>, T, T>, Func<Module<T, TResult>, T, TResult, TResult>>, IModule<T, TResult>
        {
            /// <summary>Creates a module named <paramref name="name"/>.</summary>
            protected Module(string name) : base(name) { }

            /// <summary>The module's computation. Does not run hooks; use <see cref="call"/> for that.</summary>
            public abstract TResult forward(T input);

            /// <summary>Runs the pre-hooks, <see cref="forward"/> and the post-hooks, in registration order.</summary>
            public TResult call(T input)
            {
                foreach (var hook in module_pre_hooks.Values.ToList()) hook(this);
                foreach (var hook in pre_hooks.Values.ToList())
                {
                    var modified = hook(this, input);
                    if (modified is not null) input = modified;
                }
                var result = forward(input);
                foreach (var hook in post_hooks.Values.ToList())
                {
                    var modified = hook(this, input, result);
                    if (modified is not null) result = modified;
                }
                foreach (var hook in module_post_hooks.Values.ToList()) hook(this);
                return result;
            }
        }

        /// <summary>The base of modules whose <see cref="forward"/> takes two arguments (losses, for example).</summary>
        public abstract class Module<T1, T2, TResult>
            : HookableModule<Func<Module<T1, T2, TResult>, T1, T2, (T1, T2)?>, Func<Module<T1, T2, TResult>, T1, T2, TResult, TResult>>, IModule<T1, T2, TResult>
        {
            /// <summary>Creates a module named <paramref name="name"/>.</summary>
            protected Module(string name) : base(name) { }

            /// <summary>The module's computation. Does not run hooks; use <see cref="call"/> for that.</summary>
            public abstract TResult forward(T1 input1, T2 input2);

            /// <summary>Runs the pre-hooks, <see cref="forward"/> and the post-hooks, in registration order.</summary>
            public TResult call(T1 input1, T2 input2)
            {
                foreach (var hook in module_pre_hooks.Values.ToList()) hook(this);
                foreach (var hook in pre_hooks.Values.ToList())
                {
                    var modified = hook(this, input1, input2);
                    if (modified.HasValue) (input1, input2) = modified.Value;
                }
                var result = forward(input1, input2);
                foreach (var hook in post_hooks.Values.ToList())
                {
                    var modified = hook(this, input1, input2, result);
                    if (modified is not null) result = modified;
                }
                foreach (var hook in module_post_hooks.Values.ToList()) hook(this);
                return result;
            }
        }
    }
}
